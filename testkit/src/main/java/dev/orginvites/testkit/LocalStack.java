package dev.orginvites.testkit;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack's DynamoDB in a container, for {@code ./mvnw verify -Plocalstack} on machines with Docker. Where Docker
 * does not run, every test that needs it is skipped, and says why, rather than failing.
 */
final class LocalStack {
    static final String IMAGE = "localstack/localstack:4.10";
    private static LocalStackContainer container;

    private LocalStack() {
    }

    static synchronized URI endpoint() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            System.err.println("-Plocalstack: Docker is not available here, so the tests that need LocalStack are"
                    + " skipped. Run without -Plocalstack to test against moto_server.");
        }
        Assumptions.assumeTrue(docker, "Docker is not available: skipping the LocalStack run");
        if (container == null) {
            container = new LocalStackContainer(DockerImageName.parse(IMAGE)).withServices("dynamodb");
            container.start();
        }
        return container.getEndpoint();
    }
}
