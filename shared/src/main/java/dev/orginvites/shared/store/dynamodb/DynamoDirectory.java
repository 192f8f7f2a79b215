package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.DirectoryRules;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link Directory} on the table: an org's roles are items of its partition ({@code ROLE#<id>}), read by one Query
 * over that range (so a listing costs what the org's roles do, not its invitations or members), its name is
 * the item {@code ORG} of the same partition, and its own invite quota is on the item that counts its sends
 * ({@link InviteQuotas}).
 */
final class DynamoDirectory implements Directory {
    private final Table table;
    private final InviteQuotas quotas;

    DynamoDirectory(Table table, InviteQuotas quotas) {
        this.table = table;
        this.quotas = quotas;
    }

    @Override
    public void putRole(String orgId, String roleId, String name) {
        String org = DirectoryRules.id("org id", orgId);
        String role = DirectoryRules.id("role id", roleId);
        Item item = Item.of("role", Keys.org(org), Keys.role(role))
                .set(Items.ROLE_ID, role)
                .set(Items.NAME, DirectoryRules.name("role name", name));
        table.putItem(Items.role(), item);
    }

    @Override
    public List<Role> roles(String orgId) {
        String org = DirectoryRules.id("org id", orgId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :roles)")
                .expressionAttributeNames(Map.of("#pk", Items.PK, "#sk", Items.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.org(org)),
                        ":roles", AttributeValue.fromS(Keys.ROLE)))
                .consistentRead(true);
        List<Role> roles = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.dynamoDb.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> found : page.items()) {
                Item role = Items.role().mapToItem(found);
                // A role written by hand may lack its role_id or name: its key says its id, and the API shows the
                // id where a name is missing.
                String id = role.string(Items.ROLE_ID) != null ? role.string(Items.ROLE_ID)
                        : role.string(Items.SK).substring(Keys.ROLE.length());
                String name = role.string(Items.NAME);
                roles.add(new Role(id, name == null ? id : name));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return roles;
    }

    @Override
    public boolean removeRole(String orgId, String roleId) {
        String org = DirectoryRules.id("org id", orgId);
        String role = DirectoryRules.id("role id", roleId);
        DeleteItemResponse deleted = table.dynamoDb.deleteItem(r -> r.tableName(table.name)
                .key(Table.key(Keys.org(org), Keys.role(role))).returnValues(ReturnValue.ALL_OLD));
        return deleted.hasAttributes() && !deleted.attributes().isEmpty();
    }

    @Override
    public void nameOrg(String orgId, String name) {
        String org = DirectoryRules.id("org id", orgId);
        Item item = Item.of("org", Keys.org(org), Keys.orgEntry())
                .set(Items.ORG_ID, org)
                .set(Items.NAME, DirectoryRules.name("org name", name));
        table.putItem(Items.orgEntry(), item);
    }

    @Override
    public Optional<String> orgName(String orgId) {
        String org = DirectoryRules.id("org id", orgId);
        Item entry = table.get(Items.orgEntry(), Table.key(Keys.org(org), Keys.orgEntry()));
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.string(Items.NAME));
    }

    @Override
    public void setInviteQuota(String orgId, int invitesPerDay) {
        String org = DirectoryRules.id("org id", orgId);
        quotas.setLimit(Keys.org(org), invitesPerDay);
    }

    @Override
    public void clearInviteQuota(String orgId) {
        quotas.clearLimit(Keys.org(DirectoryRules.id("org id", orgId)));
    }

    @Override
    public Optional<Integer> inviteQuota(String orgId) {
        return quotas.limit(Keys.org(DirectoryRules.id("org id", orgId)));
    }
}
