package dev.orginvites.shared.jsonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.store.Invite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvitationAndErrorDocumentsTest {
    private static final String ORG = "4a72d1db-b465-4764-99e1-ecedad03b06a";
    private static final Invite INVITE = new Invite("0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e", ORG, "Ann@Example.com",
            "f1968726-1dca-42d4-a4dc-80cab99e2b6c", "Developer");
    private static final String RESOURCE = "{\"id\":\"0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\",\"type\":\"org_invitation\","
            + "\"attributes\":{\"email\":\"Ann@Example.com\",\"is_active\":true,\"role\":\"%s\"},"
            + "\"relationships\":{\"org\":{\"data\":{\"type\":\"org\",\"id\":\"" + ORG + "\"},"
            + "\"links\":{\"related\":\"/orgs/" + ORG + "\"}}}}";

    @Test
    void rendersAnInvitationWithItsRoleById() {
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"data\":"
                + String.format(RESOURCE, "f1968726-1dca-42d4-a4dc-80cab99e2b6c")
                + ",\"links\":{\"self\":\"/orgs/x/invites/y\"}}",
                InvitationDocuments.invitation(INVITE, RoleForm.ID, "/orgs/x/invites/y"));
    }

    @Test
    void rendersAPageWithRolesByNameAndTheLinksGiven() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/a");
        links.put("first", "/b");
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[" + String.format(RESOURCE, "Developer") + ","
                + String.format(RESOURCE, "Developer") + "],\"links\":{\"self\":\"/a\",\"first\":\"/b\"}}",
                InvitationDocuments.invitations(List.of(INVITE, INVITE), RoleForm.NAME, links));
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[],\"links\":{\"self\":\"/a\",\"first\":\"/b\"}}",
                InvitationDocuments.invitations(List.of(), RoleForm.NAME, links));
    }

    @Test
    void rendersErrorsWithOnlyTheMembersThatApply() {
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"errors\":[{\"id\":\"rid\",\"status\":\"400\","
                + "\"code\":\"invalid-parameter\",\"title\":\"Bad request\",\"detail\":\"d\","
                + "\"source\":{\"parameter\":\"limit\"}}]}",
                ErrorDocuments.error(ApiError.badParameter("limit", "d"), "rid"));
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"errors\":[{\"id\":\"rid\",\"status\":\"400\","
                + "\"code\":\"invalid-request-body\",\"title\":\"Bad request\",\"detail\":\"d\","
                + "\"source\":{\"pointer\":\"\"}}]}",
                ErrorDocuments.error(ApiError.badBody("", "d"), "rid"));
        String unauthorized = ErrorDocuments.error(ApiError.unauthorized(), "rid");
        assertFalse(unauthorized.contains("source"), unauthorized);
        assertFalse(unauthorized.contains("null"), unauthorized);
    }

    @Test
    void escapesWhatCallersSupplied() throws Exception {
        String body = ErrorDocuments.error(ApiError.badBody("/data/attributes/a\"b\u0001", "d\n"), "rid");
        assertEquals("/data/attributes/a\"b\u0001", new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).at("/errors/0/source/pointer").asText());
    }
}
