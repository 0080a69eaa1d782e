package dev.sublet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesWhatRfc8259Requires() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001é\"", Json.write("a\"b\\c\nd\te\u0001é"));
    }

    @Test
    void writesNestedValuesIndented() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("Name", "web");
        object.put("MainPID", 42L);
        object.put("Command", List.of("/bin/sh", "-c"));
        object.put("Row", new Object[] {1, true});
        object.put("Labels", Map.of());
        object.put("Empty", List.of());
        assertEquals("""
                {
                  "Name": "web",
                  "MainPID": 42,
                  "Command": [
                    "/bin/sh",
                    "-c"
                  ],
                  "Row": [
                    1,
                    true
                  ],
                  "Labels": {},
                  "Empty": []
                }""", Json.write(object));
    }
}
