package pavel.server.object;

import pavel.op.DocRequest;
import pavel.path.NodePath;
import pavel.server.script.Host;

/**
 * What one object's handlers can do outside themselves: message objects, schedule a message to itself, log to the
 * console and read and change documents (each change an ordinary op, so it fans out). Errors (no such object, a
 * path that selects nothing, a refused fragment) reach the handler as exceptions with their sentence.
 */
final class ObjectHost implements Host {
    private final LiveObjects objects;
    private final String self;

    ObjectHost(LiveObjects objects, String self) {
        this.objects = objects;
        this.self = self;
    }

    @Override
    public void send(String object, String messageJson) {
        objects.post(object, messageJson);
    }

    @Override
    public void after(long millis, String messageJson) {
        objects.after(self, millis, messageJson);
    }

    @Override
    public void log(String line) {
        objects.log(self, line);
    }

    @Override
    public String docGet(String space, String path) {
        return objects.spaces().require(space).get(NodePath.parse(path));
    }

    @Override
    public void docPut(String space, String path, String html) {
        change("PUT", space, path, html);
    }

    @Override
    public void docAppend(String space, String path, String html) {
        change("POST", space, path, html);
    }

    @Override
    public void docRemove(String space, String path) {
        change("DELETE", space, path, "");
    }

    private void change(String method, String space, String path, String body) {
        DocRequest request = DocRequest.of(method, space, path, null, body);
        objects.spaces().require(space).apply(request.toOp(), null);
    }
}
