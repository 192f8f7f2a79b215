package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.dynamodb.Items.Item;

/** {@link Directory} on the table: an org's roles are items of its partition ({@code ROLE#<id>}). */
final class DynamoDirectory implements Directory {
    private final Table table;

    DynamoDirectory(Table table) {
        this.table = table;
    }

    @Override
    public void putRole(String orgId, String roleId, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a role needs a name");
        }
        Item role = Item.of("role", Keys.org(orgId), Keys.role(roleId))
                .set(Items.ROLE_ID, roleId)
                .set(Items.NAME, name);
        table.dynamoDb.putItem(r -> r.tableName(table.name).item(Items.role().itemToMap(role, true)));
    }
}
