package pavel.server.script;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import pavel.model.DocumentException;

/** A {@link Host} that keeps what handlers did, with a map of paths standing in for documents. */
final class RecordingHost implements Host {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> later = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Map<String, String> docs = new ConcurrentHashMap<>();

    @Override
    public void send(String object, String messageJson) {
        sent.add(object + " " + messageJson);
    }

    @Override
    public void after(long millis, String messageJson) {
        later.add(millis + " " + messageJson);
    }

    @Override
    public void log(String line) {
        lines.add(line);
    }

    @Override
    public String docGet(String space, String path) {
        String html = docs.get(space + path);
        if (html == null) {
            throw new DocumentException(404, "No node at '" + path + "' in space '" + space + "'.");
        }
        return html;
    }

    @Override
    public void docPut(String space, String path, String html) {
        docs.put(space + path, html);
    }

    @Override
    public void docAppend(String space, String path, String html) {
        docs.merge(space + path, html, String::concat);
    }

    @Override
    public void docRemove(String space, String path) {
        if (docs.remove(space + path) == null) {
            throw new DocumentException(404, "No node at '" + path + "' in space '" + space + "'.");
        }
    }
}
