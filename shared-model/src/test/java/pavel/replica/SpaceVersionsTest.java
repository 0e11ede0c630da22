package pavel.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import pavel.model.DocumentException;

final class SpaceVersionsTest {

    @Test
    void headerValueListsSpacesByName() {
        assertEquals("lab=7, main=42", new SpaceVersions(Map.of("main", 42L, "lab", 7L)).headerValue());
        assertEquals("", SpaceVersions.NONE.headerValue());
    }

    @Test
    void parseReadsWhatHeaderValueWritesAndToleratesSpaces() {
        SpaceVersions versions = new SpaceVersions(Map.of("main", 42L, "lab", 7L, "a.b-c_d", 0L));
        assertEquals(versions, SpaceVersions.parse(versions.headerValue()));
        assertEquals(versions, SpaceVersions.parse("main=42,lab=7 ,  a.b-c_d = 0"));
        assertTrue(SpaceVersions.parse("").isEmpty());
    }

    @Test
    void parseRefusesBadItemsQuotingThem() {
        DocumentException e = assertThrows(DocumentException.class, () -> SpaceVersions.parse("main=42, lab"));
        assertEquals(400, e.status());
        assertEquals("'lab' in Pavel-Version 'main=42, lab' is not space=version.", e.getMessage());
        assertThrows(DocumentException.class, () -> SpaceVersions.parse("main=-1"));
        assertThrows(DocumentException.class, () -> SpaceVersions.parse("main=1,"));
        assertThrows(DocumentException.class, () -> SpaceVersions.parse("-x=1"));
        assertEquals("Pavel-Version 'main=1, main=2' names main twice.",
                assertThrows(DocumentException.class, () -> SpaceVersions.parse("main=1, main=2")).getMessage());
    }

    @Test
    void constructorRefusesBadNamesAndNegativeVersions() {
        assertThrows(IllegalArgumentException.class, () -> new SpaceVersions(Map.of("no space", 1L)));
        assertThrows(IllegalArgumentException.class, () -> new SpaceVersions(Map.of("main", -1L)));
    }
}
