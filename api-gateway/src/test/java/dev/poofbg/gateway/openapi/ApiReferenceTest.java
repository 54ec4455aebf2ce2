package dev.poofbg.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md is the API's reference and /q/openapi is generated from the code: where they describe the same
 * thing (endpoints, each endpoint's statuses, the fields of the job, page and account bodies), they agree, and
 * the reference lists every error code the code has.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class ApiReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "api.md");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern STATUS = Pattern.compile("^\\d{3}$");

    private List<Section> reference;
    private JsonNode openApi;

    /** Per test: Quarkus points RestAssured at the application only around each test. */
    @BeforeEach
    void read() throws IOException {
        reference = Section.parse(Files.readAllLines(REFERENCE));
        openApi = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi").asString());
    }

    @Test
    void theReferenceListsExactlyTheEndpointsOfTheOpenApiDocument() {
        Set<String> documented = new TreeSet<>();
        for (List<String> row : section("Endpoints").table("method and path")) {
            String endpoint = codeSpans(row.get(0)).get(0);
            documented.add(endpoint.replaceFirst("\\?.*$", ""));
        }
        assertThat(documented).isEqualTo(openApiEndpoints());
    }

    @Test
    void eachEndpointDocumentsTheStatusesTheOpenApiDocumentGivesIt() {
        for (String endpoint : openApiEndpoints()) {
            Set<String> documented = new TreeSet<>();
            for (List<String> row : section(endpoint).table("status")) {
                codeSpans(row.get(0)).stream().map(span -> span.split(" ")[0])
                        .filter(code -> STATUS.matcher(code).matches()).forEach(documented::add);
            }
            assertThat(documented).as(endpoint).isEqualTo(responseCodes(endpoint));
        }
    }

    @Test
    void theDocumentedFieldsAreTheFieldsOfTheBodies() {
        assertThat(fields(section("The job object"))).isEqualTo(schemaProperties("GET /v1/jobs/{id}"));
        assertThat(fields(section("GET /v1/jobs"))).isEqualTo(schemaProperties("GET /v1/jobs"));
        assertThat(fields(section("GET /v1/account"))).isEqualTo(schemaProperties("GET /v1/account"));
    }

    @Test
    void everyErrorCodeIsDocumented() {
        Set<String> documented = section("Errors").table("code").stream()
                .map(row -> codeSpans(row.get(0)).get(0)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(codes);
    }

    private Set<String> openApiEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (Iterator<String> paths = openApi.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (path.startsWith("/v1/") || path.startsWith("/v1.0/")) {
                openApi.get("paths").get(path).fieldNames()
                        .forEachRemaining(method -> endpoints.add(method.toUpperCase(Locale.ROOT) + " " + path));
            }
        }
        return endpoints;
    }

    private JsonNode operation(String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        return openApi.get("paths").get(parts[1]).get(parts[0].toLowerCase(Locale.ROOT));
    }

    private Set<String> responseCodes(String endpoint) {
        Set<String> codes = new TreeSet<>();
        operation(endpoint).get("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    private Set<String> schemaProperties(String endpoint) {
        JsonNode schema = operation(endpoint).at("/responses/200/content/application~1json/schema");
        if (schema.has("$ref")) {
            schema = openApi.at(schema.get("$ref").asText().substring(1));
        }
        Set<String> names = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The names in the first column of the section's "field" table; {@code a.b} counts as {@code a}. */
    private static Set<String> fields(Section section) {
        Set<String> names = new TreeSet<>();
        for (List<String> row : section.table("field")) {
            codeSpans(row.get(0)).forEach(span -> names.add(span.split("\\.")[0]));
        }
        return names;
    }

    private Section section(String title) {
        return reference.stream().filter(s -> s.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/api.md has no section '## " + title + "'"));
    }

    private static List<String> codeSpans(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE_SPAN.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }

    /** A "## " section of the reference and its lines. */
    private record Section(String title, List<String> lines) {

        static List<Section> parse(List<String> lines) {
            List<Section> sections = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("## ")) {
                    sections.add(new Section(line.substring(3).trim(), new ArrayList<>()));
                } else if (!sections.isEmpty()) {
                    sections.get(sections.size() - 1).lines().add(line);
                }
            }
            return sections;
        }

        /** The body rows (cells trimmed) of the section's table whose first header cell is {@code header}. */
        List<List<String>> table(String header) {
            List<List<String>> rows = new ArrayList<>();
            boolean inside = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith("|")) {
                    inside = false;
                    continue;
                }
                List<String> cells = cells(line);
                boolean headerRow = i + 1 < lines.size() && lines.get(i + 1).startsWith("|---");
                if (headerRow) {
                    inside = cells.get(0).equals(header);
                } else if (inside && !line.startsWith("|---")) {
                    rows.add(cells);
                }
            }
            assertThat(rows).as("table '%s' in section '%s' of docs/api.md", header, title).isNotEmpty();
            return rows;
        }

        private static List<String> cells(String row) {
            String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
            return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
        }
    }
}
