package dev.orginvites.testkit;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.http.Operation;
import java.util.List;

/** The API's operations as deployed: those the handler classes template.yaml's routes name declare. */
public final class DeployedOperations {
    private static List<Operation> all;

    private DeployedOperations() {
    }

    /** Every operation, by route key; template.yaml is read once. */
    public static synchronized List<Operation> all() {
        if (all == null) {
            all = List.copyOf(Operation.declaredBy(SamTemplate.locate().routeHandlerClasses()));
        }
        return all;
    }
}
