package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orginvites.devkit.IamActionRecorder;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.testkit.EmulatorTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each function's policy in template.yaml allows exactly the DynamoDB, SES, Secrets Manager, SQS and EventBridge
 * actions its handler is seen to call. moto authorizes nothing, so a call the policy forgets passes every emulator
 * test and is an AccessDenied (a 500) deployed; an action allowed and never called is a grant nobody needs.
 *
 * <p>What the handlers call is recorded by {@link IamActionRecorder} while each function module's own tests run (the
 * whole set of its paths, refusals included), in {@code <module>/target/iam-actions.tsv}; this module runs after them
 * in the reactor. Run alone, it needs those records: run the function modules' tests first (this test says which).
 * A partial run of a module ({@code -Dtest=...}) records only what it ran, and this test then reports the actions it
 * did not see. The calls are made by the emulator tests, so this runs in the full tier only, as they do.
 */
@Tag(EmulatorTest.TAG)
class PolicyTest {
    private static final SamTemplate TEMPLATE = SamTemplate.locate();
    private static final Path ROOT = TEMPLATE.path().getParent();
    /** The services whose calls are recorded; other grants (logs, X-Ray, the stream) are SAM's and Lambda's. */
    private static final Set<String> RECORDED_SERVICES = Set.of("dynamodb", "ses", "secretsmanager", "sqs",
            "events");

    @TestFactory
    Stream<DynamicTest> eachFunctionIsAllowedExactlyWhatItsHandlerCalls() throws IOException {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                tests.add(DynamicTest.dynamicTest(resource.getKey(),
                        () -> holdToRecords(resource.getKey(), resource.getValue().path("Properties"))));
            }
        }
        assertTrue(tests.size() >= 8, "the template's functions: " + tests.size());
        return tests.stream();
    }

    private static void holdToRecords(String functionId, JsonNode function) throws IOException {
        String handler = function.path("Handler").asText().replaceFirst("::.*$", "");
        Path records = ROOT.resolve(function.path("CodeUri").asText()).resolve("target/iam-actions.tsv");
        if (!Files.isRegularFile(records)) {
            fail("no record of what " + functionId + "'s handler calls: " + records + " is written by the tests of "
                    + function.path("CodeUri").asText() + "; run them first, e.g. ./mvnw -o -pl "
                    + function.path("CodeUri").asText() + ",local -am verify");
        }
        Set<String> used = new TreeSet<>();
        for (String line : Files.readAllLines(records, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length == 2 && fields[0].equals(handler)) {
                used.add(fields[1]);
            }
        }
        Set<String> allowed = allowedActions(functionId, function);
        Set<String> neededByLambda = neededByLambda(function);

        Set<String> notAllowed = new TreeSet<>(used);
        notAllowed.removeAll(allowed);
        Set<String> notUsed = new TreeSet<>(allowed);
        notUsed.removeAll(used);
        notUsed.removeAll(neededByLambda);
        assertEquals(Set.of(), notAllowed, functionId + "'s handler calls these, which its policy does not allow "
                + "(AccessDenied deployed); recorded in " + records);
        assertEquals(Set.of(), notUsed, functionId + "'s policy allows these, which its handler was never seen to "
                + "call in its module's tests (recorded in " + records + "; a partial test run records less)");
    }

    /** The actions of the function's policy statements, on the services recorded. */
    static Set<String> allowedActions(String functionId, JsonNode function) {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode policy : function.path("Policies")) {
            if (!policy.has("Statement")) {
                fail(functionId + " uses a policy this test cannot read (" + policy + "): write it as statements");
            }
            for (JsonNode statement : policy.path("Statement")) {
                assertEquals("Allow", statement.path("Effect").asText(), functionId + ": " + statement);
                JsonNode actions = statement.path("Action");
                for (JsonNode action : actions.isArray() ? actions : List.of(actions)) {
                    assertTrue(!action.asText().contains("*"), functionId + " allows a wildcard: " + action);
                    if (RECORDED_SERVICES.contains(action.asText().replaceFirst(":.*$", ""))) {
                        allowed.add(action.asText());
                    }
                }
            }
        }
        return allowed;
    }

    /**
     * What Lambda itself calls with the function's role rather than the handler: sending a failed batch's
     * description to an SQS on-failure destination of an event source mapping.
     */
    static Set<String> neededByLambda(JsonNode function) {
        Set<String> needed = new TreeSet<>();
        for (JsonNode event : function.path("Events")) {
            if (!event.at("/Properties/DestinationConfig/OnFailure/Destination").isMissingNode()) {
                needed.add("sqs:SendMessage");
            }
        }
        return needed;
    }

    @Test
    void aGrantForLambdaItselfIsOnlyForAnOnFailureQueue() throws IOException {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        assertEquals(Set.of("sqs:SendMessage"), neededByLambda(resources.at("/DeliverInvitesFunction/Properties")));
        assertEquals(Set.of(), neededByLambda(resources.at("/CreateInviteFunction/Properties")));
    }
}
