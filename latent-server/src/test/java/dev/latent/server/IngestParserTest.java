package dev.latent.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IngestParserTest {
    private static List<Change> parse(String body) {
        return IngestParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String body) {
        HttpError e = assertThrows(HttpError.class, () -> parse(body));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void parse_everyForm_givesItsChange() {
        assertEquals(List.of(
                        Change.set("u1", "i1", 1f, Change.NO_TIMESTAMP),
                        Change.set("u1", "i2", 4.5f, Change.NO_TIMESTAMP),
                        Change.set("u2", "i3", -2f, 978300760L),
                        Change.remove("u2", "i1", Change.NO_TIMESTAMP),
                        Change.remove("u3", "i1", 17L),
                        Change.set("zoë", "amélie ☂", 3f, Change.NO_TIMESTAMP)),
                parse("u1,i1\nu1,i2,4.5\r\n\n  \nu2,i3,-2,978300760\nu2,i1,\nu3,i1,,17\n zoë , amélie ☂ ,3"));
    }

    @Test
    void parse_badLines_nameTheLineAndTheProblem() {
        String nothing = "; nothing of this request was applied";
        assertEquals("line 2: expected user,item[,value[,timestamp]] but found 1 field in 'u2'" + nothing,
                error("u1,i1\nu2\n"));
        assertEquals("line 1: expected user,item[,value[,timestamp]] but found 5 fields in 'a,b,1,2,3'" + nothing,
                error("a,b,1,2,3"));
        assertEquals("line 3: the value must be a finite number but was 'NaN'" + nothing, error("a,b\n\na,c,NaN"));
        assertEquals("line 1: the value must be a finite number but was '1e99'" + nothing, error("a,b,1e99"));
        assertEquals("line 1: the value must be a finite number but was 'five'" + nothing, error("a,b,five"));
        assertEquals("line 1: the item id is empty in 'a, ,3'" + nothing, error("a, ,3"));
        assertEquals("line 1: the user id is empty in ',b'" + nothing, error(",b"));
        assertEquals("line 1: the timestamp must be an integer (seconds since 1970) but was '12:00'" + nothing,
                error("a,b,3,12:00"));
    }

    @Test
    void parse_emptyBody_isRefused() {
        assertEquals("the body has no lines; expected user,item[,value[,timestamp]] per line", error("\n\n"));
    }

    @Test
    void parse_invalidUtf8_namesTheLine() {
        byte[] body = {'a', ',', 'b', '\n', 'c', ',', (byte) 0xC3, '\n'};
        HttpError e = assertThrows(HttpError.class, () -> IngestParser.parse(body));
        assertEquals("line 2: not UTF-8 text; nothing of this request was applied", e.getMessage());
    }
}
