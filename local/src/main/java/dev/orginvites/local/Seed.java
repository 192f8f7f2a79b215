package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.DirectoryRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The orgs and roles the local API starts with: from a seed file
 * ({@code {"orgs":[{"id":"<uuid>","name":"Acme","roles":[{"id":"<uuid>","name":"Developer"}]}]}}, the org's name
 * optional), or the demo orgs (the one the printed commands use, and a sandbox for the README's cap). Written with
 * the store's {@link Directory}, as the admin command writes, under the same rules ({@link DirectoryRules}).
 */
record Seed(List<Org> orgs) {
    /** @param name the org's name, or null for none */
    record Org(String id, String name, List<Role> roles) {
    }

    record Role(String id, String name) {
    }

    static final String SANDBOX_ORG = "4d7e9a2b-3c1f-4e8d-9b6a-7f5e4d3c2b1a";
    static final String SANDBOX_ROLE = "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d";

    static Seed demo() {
        return new Seed(List.of(new Org("9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c", "Demo Org", List.of(
                new Role("f1968726-1dca-42d4-a4dc-80cab99e2b6c", "Developer"),
                new Role("3b2f8c1e-7a64-4d59-9e0b-5c6d7e8f9a0b", "Org Admin"),
                new Role("6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098", "Collaborator"))),
                // A second org, for the README's cap: filling its day's quota leaves the demo org's untouched.
                new Org(SANDBOX_ORG, "Sandbox Org", List.of(new Role(SANDBOX_ROLE, "Developer")))));
    }

    /** Reads and checks a seed file; every problem is named with where it is. */
    static Seed read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read seed file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("orgs").isArray() || root.path("orgs").isEmpty()) {
            throw new IllegalArgumentException(file + ": expected {\"orgs\":[{\"id\":\"<uuid>\",\"roles\":[...]}]}");
        }
        List<Org> orgs = new ArrayList<>();
        for (int i = 0; i < root.path("orgs").size(); i++) {
            JsonNode org = root.path("orgs").get(i);
            String where = file + ": orgs[" + i + "]";
            List<Role> roles = new ArrayList<>();
            for (int j = 0; j < org.path("roles").size(); j++) {
                JsonNode role = org.path("roles").get(j);
                String name = role.path("name").asText("");
                if (name.isBlank()) {
                    throw new IllegalArgumentException(where + ".roles[" + j + "].name is missing");
                }
                roles.add(new Role(uuid(role.path("id"), where + ".roles[" + j + "].id"),
                        name(name, "role name", where + ".roles[" + j + "].name")));
            }
            String name = null;
            if (org.has("name")) {
                if (!org.path("name").isTextual()) {
                    throw new IllegalArgumentException(where + ".name must be a string");
                }
                name = name(org.path("name").textValue(), "org name", where + ".name");
            }
            orgs.add(new Org(uuid(org.path("id"), where + ".id"), name, List.copyOf(roles)));
        }
        return new Seed(List.copyOf(orgs));
    }

    private static String uuid(JsonNode node, String where) {
        if (!node.isTextual() || !Ids.isUuid(node.textValue())) {
            throw new IllegalArgumentException(where + " must be a UUID");
        }
        return Ids.canonical(node.textValue());
    }

    private static String name(String name, String what, String where) {
        try {
            return DirectoryRules.name(what, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    void apply(Directory directory) {
        for (Org org : orgs) {
            if (org.name() != null) {
                directory.nameOrg(org.id(), org.name());
            }
            for (Role role : org.roles()) {
                directory.putRole(org.id(), role.id(), role.name());
            }
        }
    }
}
