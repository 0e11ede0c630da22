package pavel.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.model.Element;

class UiBindingTest {
    private final Document doc = Document.parse("""
            <button id="inc" data-post="/objects/counter" data-message='{"type":"inc"}'><b id="label">+</b></button>
            <form data-post="/objects/chat" data-message='{"type":"say"}'><input name="text"><button id="send">Send</button></form>
            <button id="bad" data-post="https://evil.example/x">x</button>
            <button id="broken" data-post="/objects/counter" data-message="[1]">x</button>
            <p id="plain">nothing</p>
            """);

    @Test
    void aClickSendsTheMessageOfTheNearestPoster() {
        assertEquals(Optional.of(new UiBinding("/objects/counter", "{\"type\":\"inc\"}")),
                UiBinding.of(byId("label"), Map.of("ignored", "outside a form")));
    }

    @Test
    void insideAFormTheFieldsAreMergedIn() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", "hi");
        fields.put("n", 2);
        assertEquals(Optional.of(new UiBinding("/objects/chat", "{\"type\":\"say\",\"text\":\"hi\",\"n\":2}")),
                UiBinding.of(byId("send"), fields));
    }

    @Test
    void foreignTargetsBrokenMessagesAndPlainElementsSendNothing() {
        assertTrue(UiBinding.of(byId("bad"), Map.of()).isEmpty());
        assertTrue(UiBinding.of(byId("broken"), Map.of()).isEmpty());
        assertTrue(UiBinding.of(byId("plain"), Map.of()).isEmpty());
    }

    private Element byId(String id) {
        return doc.elementsWithId(id).getFirst();
    }
}
