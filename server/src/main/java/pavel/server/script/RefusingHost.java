package pavel.server.script;

/** {@link Host#refusing()}. */
enum RefusingHost implements Host {
    INSTANCE;

    @Override
    public void send(String object, String messageJson) {
        throw refused("self.send");
    }

    @Override
    public void after(long millis, String messageJson) {
        throw refused("self.after");
    }

    @Override
    public void log(String line) {
        // Dropped on purpose: a dry run has no console.
    }

    @Override
    public String docGet(String space, String path) {
        throw refused("world.doc().get");
    }

    @Override
    public void docPut(String space, String path, String html) {
        throw refused("world.doc().put");
    }

    @Override
    public void docAppend(String space, String path, String html) {
        throw refused("world.doc().append");
    }

    @Override
    public void docRemove(String space, String path) {
        throw refused("world.doc().remove");
    }

    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException(what + " is not available here.");
    }
}
