package dev.latent.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTest {
    private static Request request(String endpoint, String rawPath, String rawQuery) {
        return Request.of(endpoint, rawPath, rawQuery, new ServerState(1000, 1), 100);
    }

    private static Request withBody(byte[] bytes, long declaredLength, String encoding, long limit) {
        return Request.of("/ingest", "/ingest", null, new ServerState(limit, 1), 100,
                new Request.Body(new ByteArrayInputStream(bytes), declaredLength, encoding, limit));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void body_withinLimit_isReadWhole() {
        byte[] bytes = "a,b,5\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, withBody(bytes, bytes.length, null, bytes.length).body());
        assertArrayEquals(bytes, withBody(bytes, -1, "identity", bytes.length).body());
    }

    @Test
    void body_declaredLongerThanLimit_is413BeforeReading() {
        HttpError e = assertThrows(HttpError.class, () -> withBody(new byte[0], 11, null, 10).body());
        assertEquals(413, e.status());
        assertEquals("the body of 11 bytes is larger than the limit of 10 bytes", e.getMessage());
    }

    @Test
    void body_chunkedLongerThanLimit_is413() {
        HttpError e = assertThrows(HttpError.class, () -> withBody(new byte[11], -1, null, 10).body());
        assertEquals(413, e.status());
        assertEquals("the body is larger than the limit of 10 bytes", e.getMessage());
    }

    @Test
    void body_gzip_isUnzippedWithOrWithoutTheHeader() throws IOException {
        byte[] text = "u1,i1,4\nu1,i2\n".getBytes(StandardCharsets.UTF_8);
        byte[] zipped = gzip(text);
        assertArrayEquals(text, withBody(zipped, zipped.length, "gzip", 1000).body());
        assertArrayEquals(text, withBody(zipped, zipped.length, null, 1000).body());
    }

    @Test
    void body_gzipThatUnzipsPastTheLimit_is413() throws IOException {
        byte[] zipped = gzip(new byte[1 << 20]);
        HttpError e = assertThrows(HttpError.class, () -> withBody(zipped, zipped.length, "gzip", 4096).body());
        assertEquals(413, e.status());
        assertEquals("the body unzips to more than the limit of 4096 bytes", e.getMessage());
    }

    @Test
    void body_brokenGzip_is400() throws IOException {
        byte[] zipped = gzip("u1,i1,4\n".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(zipped, zipped.length - 6);
        HttpError e = assertThrows(HttpError.class, () -> withBody(cut, cut.length, "gzip", 1000).body());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("the body is not valid gzip"), e.getMessage());
    }

    @Test
    void body_otherEncoding_is415() {
        HttpError e = assertThrows(HttpError.class, () -> withBody(new byte[1], 1, "br", 10).body());
        assertEquals(415, e.status());
        assertEquals("Content-Encoding br is not supported; send gzip or no encoding", e.getMessage());
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
