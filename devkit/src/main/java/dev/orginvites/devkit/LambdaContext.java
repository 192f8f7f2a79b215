package dev.orginvites.devkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The Lambda context of one invocation off Lambda, as far as the functions read it: its request id, the function's
 * name and the time left before the invocation's deadline (10 s when none is given).
 */
public record LambdaContext(String functionName, String awsRequestId, Instant deadline) implements Context {
    /** An invocation of the tests' function, with the API functions' whole 10 s timeout ahead of it. */
    public LambdaContext(String awsRequestId) {
        this("org-invites-test", awsRequestId, null);
    }

    /** An invocation of the tests' function with this much time left from now. */
    public LambdaContext(String awsRequestId, int remainingTimeInMillis) {
        this("org-invites-test", awsRequestId, Instant.now().plusMillis(remainingTimeInMillis));
    }

    /** An invocation of a function with this timeout, starting now. */
    public static LambdaContext invocation(String functionName, Duration timeout) {
        return new LambdaContext(functionName, UUID.randomUUID().toString(), Instant.now().plus(timeout));
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + DynamoEmulator.REGION + ":123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return deadline == null ? 10_000 : (int) Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
