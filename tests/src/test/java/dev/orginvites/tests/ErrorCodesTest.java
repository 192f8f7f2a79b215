package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestPipeline;
import dev.orginvites.testkit.ApiDocument;
import dev.orginvites.testkit.DeployedOperations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md's table of error codes is every code the functions can answer, each with its status, and no other; the
 * codes, and which operations answer them, are read from the sources ({@link ErrorCodes}), which docs/reference.md
 * lists per operation.
 */
class ErrorCodesTest {
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| (\\d{3}) \\| `([a-z-]+)` \\|");

    @Test
    void theDocumentedCodesAreTheOnesTheFunctionsAnswer() throws IOException {
        Map<String, Integer> answered = ErrorCodes.all();
        assertTrue(answered.containsKey("invite-not-found") && answered.containsKey("internal-error"),
                "the scan finds codes: " + answered);

        Map<String, Integer> documented = new TreeMap<>();
        Matcher row = DOCUMENTED.matcher(Files.readString(ApiDocument.repositoryRoot().resolve("docs/api.md"),
                StandardCharsets.UTF_8));
        while (row.find()) {
            documented.put(row.group(2), Integer.parseInt(row.group(1)));
        }
        assertEquals(answered, documented, "docs/api.md's error codes (and statuses) against those the sources answer");
    }

    /** A code no operation reaches would be documented for nothing; the scan's attribution is checked by it. */
    @Test
    void everyCodeIsAnsweredBySomeOperation() {
        Set<String> reached = new TreeSet<>();
        for (Operation operation : DeployedOperations.all()) {
            ErrorCodes.of(operation).values().forEach(reached::addAll);
        }
        assertEquals(ErrorCodes.all().keySet(), reached);
    }

    /** The codes only an operation under an org answers are the pipeline's, and it does answer them. */
    @Test
    void theCodesOfTheOrgCheckAreThePipelines() {
        Set<String> pipeline = new TreeSet<>();
        for (ErrorCodes.Site site : ErrorCodes.sites()) {
            if (ErrorCodes.UNDER_ORG_ONLY.contains(site.code().code())) {
                assertEquals(RequestPipeline.class.getName(), site.className(), site.toString());
                pipeline.add(site.code().code());
            }
        }
        assertEquals(ErrorCodes.UNDER_ORG_ONLY, pipeline);
    }

    /** Spot checks of the attribution against what the handlers are known to answer. */
    @Test
    void eachOperationAnswersItsOwnCodesAndThePipelines() {
        Map<String, Map<Integer, Set<String>>> byRoute = new TreeMap<>();
        for (Operation operation : DeployedOperations.all()) {
            byRoute.put(operation.routeKey(), ErrorCodes.of(operation));
        }
        Map<Integer, Set<String>> accept = byRoute.get("POST /invites/accept");
        assertEquals(Set.of("email-invalid", "email-mismatch", "email-not-verified", "user-id-too-long"),
                accept.get(403), "accept: no forbidden, it is under no org");
        assertEquals(Set.of("invite-not-found", "version-not-found"), accept.get(404));
        Map<Integer, Set<String>> list = byRoute.get("GET /orgs/{org_id}/invites");
        assertEquals(Set.of("forbidden"), list.get(403));
        assertEquals(Set.of("org-not-found", "version-not-found"), list.get(404));
        assertEquals(null, list.get(409), "a list conflicts with nothing");
        assertTrue(byRoute.get("POST /orgs/{org_id}/invites").get(422).contains("idempotency-key-reused"));
        assertTrue(byRoute.get("POST /orgs/{org_id}/invites/{invite_id}/resend").get(429).contains("resend-too-soon"));
        byRoute.values().forEach(codes -> assertEquals(Set.of("internal-error"), codes.get(500)));
    }
}
