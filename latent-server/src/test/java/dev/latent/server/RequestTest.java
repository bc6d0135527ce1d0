package dev.latent.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestTest {
    private static Request request(String endpoint, String rawPath, String rawQuery) {
        return Request.of(endpoint, rawPath, rawQuery, new AtomicReference<>(), 100);
    }

    @Test
    void decode_percentEscapes_areUtf8AndPlusStaysInPaths() {
        assertEquals("zoë q+1", Request.decode("zo%C3%AB%20q+1", false));
        assertEquals("zoë q 1", Request.decode("zo%c3%ab%20q+1", true));
        assertEquals("☂/x", Request.decode("%E2%98%82%2Fx", false));
        assertEquals("plain", Request.decode("plain", false));
    }

    @Test
    void decode_badEscapes_are400() {
        for (String bad : List.of("%", "%4", "%zz", "a%C3", "%FF%FE", "%C3%28")) {
            HttpError e = assertThrows(HttpError.class, () -> Request.decode(bad, false), bad);
            assertEquals(400, e.status(), bad);
        }
    }

    @Test
    void of_splitsSegmentsBelowTheEndpoint_ignoringOneTrailingSlash() {
        assertEquals(List.of("a b", "c/d"), request("/x", "/x/a%20b/c%2Fd/", null).segments());
        assertEquals(List.of(), request("/x", "/x", null).segments());
        assertEquals(List.of(), request("/x", "/x/", null).segments());
        assertEquals(List.of("a=1%3D"), request("/x", "/x/a=1%3D", null).rawSegments());
    }

    @Test
    void of_pathNotBelowTheEndpoint_is404_andEmptySegment_is400() {
        assertEquals(404, assertThrows(HttpError.class, () -> request("/x", "/xy/a", null)).status());
        assertEquals(400, assertThrows(HttpError.class, () -> request("/x", "/x/a//b", null)).status());
    }

    @Test
    void paging_defaultsAndCap() {
        assertEquals(new Request.Paging(10, 0), request("/x", "/x", null).paging());
        assertEquals(new Request.Paging(3, 97), request("/x", "/x", "howMany=3&offset=97").paging());
        assertEquals(400, assertThrows(HttpError.class, () -> request("/x", "/x", "howMany=3&offset=98").paging()).status());
        assertEquals(400, assertThrows(HttpError.class, () -> request("/x", "/x", "howMany=3&howMany=4")).status());
        assertEquals(List.of(2, 3), new Request.Paging(2, 1).of(List.of(1, 2, 3, 4)));
        assertEquals(List.of(4), new Request.Paging(2, 3).of(List.of(1, 2, 3, 4)));
        assertEquals(List.of(), new Request.Paging(2, 9).of(List.of(1, 2, 3, 4)));
    }
}
