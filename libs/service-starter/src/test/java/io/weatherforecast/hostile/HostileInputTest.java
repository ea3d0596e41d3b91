package io.weatherforecast.hostile;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.weatherforecast.hostile.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service answers to requests a well-behaved client never sends, over a raw
 * socket so that nothing normalises them: a 4xx problem detail, never a 500, an HTML page
 * or Spring Boot's error JSON, and never the request repeated at length.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = HostileInputTest.App.class,
        properties = { "spring.application.name=hostile", "weather.service.version=v1",
                "weather.input.body-sizes[/small]=64B" })
class HostileInputTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "city=%zz", "city=%ff%fe", "city=beijing%", "days=%ff", "days=%" })
    void malformedPercentEncodingIsABadRequest(String query) {
        Answer answer = get("/days?" + query, "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/days;jsessionid=%zz?city=x", "/days;x=%zz", "/days;x=%", "/days;x=%4", "/days;%zz",
            "/days;%zz=1", "/days;a=1;b=%zz", "/days;x=%zz/", "/days;x=%zz/more" })
    void aMalformedEscapeInAPathParameterIsABadRequest(String target) {
        Answer answer = get(target, "");
        assertThat(answer.status()).as(target).isEqualTo(400);
        assertThat(answer.isProblem()).as(target).isTrue();
        assertThat(answer.body()).as(target).contains("malformed percent-encoding");
    }

    @Test
    void aMalformedEscapeInAPathParameterIsExplainedInTheCallersLanguage() {
        Answer answer = get("/days;x=%zz", "Accept-Language: zh-CN\r\n");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"title\":\"请求无效\"").contains("路径中的百分号编码有误");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/days;", "/days;x", "/days;x=", "/days;x=1", "/days;jsessionid=abc", "/days;a=1;b",
            "/days;x=%41" })
    void pathParametersWithOrWithoutValuesAreIgnored(String target) {
        Answer answer = get(target + "?days=4", "");
        assertThat(answer.status()).as(target).isEqualTo(200);
        assertThat(answer.body()).as(target).isEqualTo("4");
    }

    /**
     * Tomcat refuses a malformed escape and an encoded slash in the path itself; an
     * encoded semicolon is part of its segment, not a path parameter, so the path does
     * not exist.
     */
    @ParameterizedTest
    @CsvSource({ "/%zz/days, 400", "/days%zz, 400", "/days%, 400", "/days%2Fx, 400", "/days%2fx, 400", "/da%2Fys, 400",
            "/%2F/days, 400", "/days%3Bx=1, 404", "/days%3bx, 404", "/days%3B, 404" })
    void aMalformedEscapeOrAnEncodedSlashOrSemicolonInThePathIsAProblem(String target, int status) {
        Answer answer = get(target, "");
        assertThat(answer.status()).as(target).isEqualTo(status);
        assertThat(answer.isProblem()).as(target).isTrue();
    }

    @Test
    void moreParametersThanTheLimitIsABadRequest() {
        String query = IntStream.range(0, 1100).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
        Answer answer = get("/days?" + query, "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
    }

    @Test
    void aFormOfManyFieldsIsABadRequest() {
        String form = IntStream.range(0, 2000).mapToObj(i -> "f" + i + "=1").collect(Collectors.joining("&"));
        Answer answer = send("POST /days HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
                + form);
        assertThat(answer.status()).isBetween(400, 499);
        assertThat(answer.isProblem()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/*", "*/*", "multipart/form-data", "multipart/form-data; boundary=x" })
    void aBodyOfAWildcardOrMultipartTypeIsUnsupported(String contentType) {
        Answer answer = send("POST /body HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.isProblem()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "TRACE", "FOO", "PROPFIND", "CONNECT" })
    void anUnknownOrRefusedMethodIsAProblem(String method) {
        for (String path : List.of("/", "/days")) {
            Answer answer = send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(method + " " + path).isBetween(400, 501);
            assertThat(answer.isProblem()).as(method + " " + path).isTrue();
            assertThat(answer.body()).doesNotContain("timestamp");
        }
    }

    @Test
    void aLongMethodIsNotRepeated() {
        String method = "A".repeat(5000);
        Answer answer = send(method + " /days HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.body()).doesNotContain("A".repeat(65));
    }

    @Test
    void aLongPathIsNotRepeated() {
        Answer answer = get("/" + "b".repeat(6000), "");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("b".repeat(65));
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Big: %s\r\n", "Cookie: %s\r\n" })
    void anOversizedHeaderIsAProblemNotAnHtmlPage(String header) {
        Answer answer = get("/days", header.formatted("a".repeat(9000)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.body()).doesNotContain("<html").doesNotContain("a".repeat(65));
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /days HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\nConnection: close\r\n\r\n",
            "GET /days?x=<> HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET days HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "garbage\r\n\r\n",
            "GET /days HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n" })
    void aMalformedRequestIsAProblemNotAnHtmlPage(String request) {
        Answer answer = send(request);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.body()).doesNotContain("<html");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0x3", "%2B3", "%D9%A3", "%233", "3.0", "%203" })
    void daysAreDecimalDigitsOnly(String days) {
        Answer answer = get("/days?days=" + days, "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("must be a whole number");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        Answer declared = send("POST /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 70000000\r\n\r\n{\"value\":\"");
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.isProblem()).isTrue();
        assertThat(declared.body()).contains("64 bytes");

        String chunk = "{\"value\":\"" + "x".repeat(200) + "\"}";
        Answer chunked = send("POST /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.isProblem()).isTrue();

        Answer fits = send("POST /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"value\":\"a\"}");
        assertThat(fits.status()).isEqualTo(200);
    }

    @Test
    void anErrorStatusWithoutABodyBecomesAProblem() {
        Answer answer = get("/bare", "");
        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.isProblem()).isTrue();
    }

    @Test
    void answersInSimplifiedChineseWhenAsked() {
        Answer answer = get("/days?days=x", "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"title\":\"请求无效\"").contains("“days”必须是整数，实际为“x”");

        Answer tomcat = send("TRACE / HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nConnection: close\r\n\r\n");
        assertThat(tomcat.body()).contains("不允许的方法");
    }

    private Answer get(String target, String headers) {
        return send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n");
    }

    private Answer send(String request) {
        return RawHttp.send(this.port, request);
    }

    @SpringBootApplication
    static class App {

        @RestController
        static class Endpoints {

            @GetMapping("/days")
            int days(@RequestParam(defaultValue = "3") @Min(1) @Max(7) int days,
                    @RequestParam(defaultValue = "x") String city) {
                return days;
            }

            /**
             * Like Spring Boot's welcome page for a request that does not accept HTML.
             */
            @GetMapping("/bare")
            void bare(jakarta.servlet.http.HttpServletResponse response) {
                response.setStatus(406);
            }

            @PostMapping("/body")
            Value body(@RequestBody Value value) {
                return value;
            }

            @PostMapping("/small")
            Value small(@RequestBody Value value) {
                return value;
            }

        }

        record Value(String value) {
        }

    }

}
