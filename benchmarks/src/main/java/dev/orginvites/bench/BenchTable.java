package dev.orginvites.bench;

import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

/** A fresh table for a benchmark, created as template.yaml defines it, on an endpoint that takes any credentials. */
final class BenchTable {
    private BenchTable() {
    }

    /**
     * @param prefix the table name's start (a random suffix follows)
     * @param ttl whether to switch on TTL (dynalite has no TTL)
     * @return the settings a function would have for the table
     */
    static TableSettings create(String prefix, URI endpoint, boolean ttl) {
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        TableSettings settings = new TableSettings(prefix + "-" + UUID.randomUUID(), DynamoEmulator.REGION, endpoint,
                Duration.ofDays(7));
        SamTemplate.locate().createTable(DynamoClients.create(settings), settings.tableName(),
                ttl ? EnumSet.allOf(SamTemplate.TableFeature.class) : EnumSet.noneOf(SamTemplate.TableFeature.class));
        return settings;
    }
}
