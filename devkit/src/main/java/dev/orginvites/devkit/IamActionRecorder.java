package dev.orginvites.devkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Records, in a test JVM, which IAM actions each function's handler makes AWS calls with, so that a test can hold
 * template.yaml's policies to them (moto authorizes nothing, so a call the policy forgets passes every emulator test
 * and fails deployed).
 *
 * <p>It is a global SDK interceptor (listed in {@code software/amazon/awssdk/global/handlers/execution.interceptors}),
 * so it sees the calls of every client in the JVM, the ones a handler builds for itself included. It records only
 * when the system property {@value #PROPERTY} names a file (the build sets it for surefire), and only calls made
 * while a handler runs: the innermost frame of the calling thread whose class is a concrete Lambda handler names the
 * function. Setup done by a test outside a handler is not recorded.
 *
 * <p>Actions are named as IAM authorizes them: a {@code TransactWriteItems} needs, per item, the action of its kind
 * ({@code Put}: {@code dynamodb:PutItem}, {@code Update}: {@code UpdateItem}, {@code Delete}: {@code DeleteItem},
 * {@code ConditionCheck}: {@code ConditionCheckItem}), a {@code TransactGetItems} {@code GetItem}, a
 * {@code BatchWriteItem} {@code PutItem} or {@code DeleteItem} per request; any other call its own name.
 *
 * <p>The file holds one line per handler class and action, {@code <handler class>\t<service>:<action>}, sorted; it is
 * rewritten whole as actions are added, so it always holds what this JVM's run has recorded so far.
 */
public final class IamActionRecorder implements ExecutionInterceptor {
    public static final String PROPERTY = "orginvites.iam.actions";
    /** The IAM service prefix of each SDK service this project calls, by the SDK's service name. */
    private static final Map<String, String> IAM_PREFIX = Map.of(
            "DynamoDb", "dynamodb",
            "SesV2", "ses",
            "SecretsManager", "secretsmanager",
            "Sqs", "sqs",
            "EventBridge", "events");
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> RECORDED = new TreeSet<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Optional<Class<?>> handler = callingHandler();
        if (handler.isEmpty()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String prefix = IAM_PREFIX.getOrDefault(service, "unmapped-service-" + service);
        List<String> lines = new ArrayList<>();
        for (String action : actions(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                context.request())) {
            lines.add(handler.get().getName() + "\t" + prefix + ":" + action);
        }
        record(Path.of(file), lines);
    }

    /** The IAM actions a call needs, by its operation name and request. */
    static List<String> actions(String operation, SdkRequest request) {
        List<String> actions = new ArrayList<>();
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    actions.add("PutItem");
                }
                if (item.update() != null) {
                    actions.add("UpdateItem");
                }
                if (item.delete() != null) {
                    actions.add("DeleteItem");
                }
                if (item.conditionCheck() != null) {
                    actions.add("ConditionCheckItem");
                }
            }
        } else if (request instanceof TransactGetItemsRequest) {
            actions.add("GetItem");
        } else if (request instanceof BatchWriteItemRequest batch) {
            for (List<WriteRequest> writes : batch.requestItems().values()) {
                for (WriteRequest write : writes) {
                    actions.add(write.putRequest() != null ? "PutItem" : "DeleteItem");
                }
            }
        } else {
            actions.add(operation);
        }
        return actions;
    }

    private static Optional<Class<?>> callingHandler() {
        return STACK.walk(frames -> frames.<Class<?>>map(StackWalker.StackFrame::getDeclaringClass)
                .filter(IamActionRecorder::isHandler)
                .findFirst());
    }

    private static boolean isHandler(Class<?> type) {
        return (RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                && !type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isSynthetic()
                && type.getName().startsWith("dev.orginvites.");
    }

    private static synchronized void record(Path file, List<String> lines) {
        if (!RECORDED.addAll(lines)) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, RECORDED, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record IAM actions in " + file, e);
        }
    }
}
