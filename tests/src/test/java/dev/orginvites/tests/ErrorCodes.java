package dev.orginvites.tests;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestPipeline;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.testkit.ApiDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The error codes the functions can answer, with their statuses and the operations that answer them, read from the
 * code: the one source {@code ErrorCodesTest} (docs/api.md's table) and {@code OperationReference} (docs/reference.md)
 * both use.
 *
 * <ul>
 *   <li>A code is answered where a class in the main sources of shared or a function calls an {@code ApiError}
 *       factory: with the code the factory fixes ({@code badParameter}: {@code invalid-parameter}), else the literal
 *       the call passes ({@code notFound("invite-not-found", …)}); the status is the factory's. What each factory
 *       answers is read from {@code ApiError}'s own source.</li>
 *   <li>An operation answers the codes of every class its handler reaches (class dependencies, read with ArchUnit):
 *       its own function's classes and the shared ones it uses, the request pipeline among them; but the codes of
 *       the pipeline's org check ({@link #UNDER_ORG_ONLY}), which it makes only for an operation under an org.</li>
 * </ul>
 */
final class ErrorCodes {
    /** A code and the status it is answered with. */
    record Code(int status, String code) {
    }

    /** A call of an {@code ApiError} factory: the code it answers, in which (top-level) class. */
    record Site(Code code, String className) {
    }

    /**
     * What the pipeline answers only for an operation under an org (an {@code {org_id}} route): another org's, and a
     * permission missing there. Operations under no org require no permission ({@link Operation}).
     */
    static final Set<String> UNDER_ORG_ONLY = Set.of("org-not-found", "forbidden");

    private static final Pattern FACTORY = Pattern.compile(
            "public static ApiError (\\w+)\\(([^)]*)\\)\\s*\\{(.*?)return (.*?);\\s*}", Pattern.DOTALL);
    private static final Pattern CONSTRUCTED = Pattern.compile("new ApiError\\((\\d{3}),\\s*(\"([a-z-]+)\"|\\w+)");
    private static final Pattern DELEGATED = Pattern.compile("(\\w+)\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("\\bApiError\\.(\\w+)\\(");
    private static final Pattern CODE_LITERAL = Pattern.compile("\"([a-z]+(?:-[a-z]+)*)\"");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

    private static List<Site> sites;
    private static JavaClasses classes;

    private ErrorCodes() {
    }

    /** Every code any function can answer, by code. */
    static SortedMap<String, Integer> all() {
        SortedMap<String, Integer> codes = new TreeMap<>();
        for (Site site : sites()) {
            Integer other = codes.put(site.code().code(), site.code().status());
            if (other != null && other != site.code().status()) {
                throw new IllegalStateException(site.code().code() + " is answered with " + other + " and "
                        + site.code().status());
            }
        }
        return codes;
    }

    /** The codes an operation can answer, by status. */
    static SortedMap<Integer, Set<String>> of(Operation operation) {
        Set<String> reached = reachedFrom(operation.handlerClass().getName());
        SortedMap<Integer, Set<String>> codes = new TreeMap<>();
        for (Site site : sites()) {
            if (!reached.contains(site.className())) {
                continue;
            }
            if (!operation.underOrg() && UNDER_ORG_ONLY.contains(site.code().code())
                    && site.className().equals(RequestPipeline.class.getName())) {
                continue;
            }
            codes.computeIfAbsent(site.code().status(), status -> new TreeSet<>()).add(site.code().code());
        }
        return codes;
    }

    /** Every factory call in the main sources of shared and every function (but ApiError's own). */
    static synchronized List<Site> sites() {
        if (sites == null) {
            Path root = ApiDocument.repositoryRoot();
            Map<String, Code> fixed = new HashMap<>();
            Map<String, Integer> statusOf = new HashMap<>();
            factories(read(sourceOf(root, ApiError.class)), fixed, statusOf);
            List<Site> found = new ArrayList<>();
            try (Stream<Path> functions = Files.list(root.resolve("functions"))) {
                List<Path> modules = Stream.concat(Stream.of(root.resolve("shared")), functions)
                        .map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
                for (Path sources : modules) {
                    try (Stream<Path> files = Files.walk(sources)) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                            callsIn(file, fixed, statusOf, found);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sites = List.copyOf(found);
        }
        return sites;
    }

    /**
     * What each factory answers, by name and number of arguments: a code it fixes ({@code fixed}), or only a status,
     * the code being its first argument ({@code statusOf}); a factory that calls another answers what that one does.
     */
    private static void factories(String source, Map<String, Code> fixed, Map<String, Integer> statusOf) {
        Map<String, String> delegating = new HashMap<>();
        Matcher m = FACTORY.matcher(source);
        while (m.find()) {
            String key = m.group(1) + "/" + arguments(m.group(2));
            Matcher constructed = CONSTRUCTED.matcher(m.group(4));
            if (constructed.lookingAt()) {
                int status = Integer.parseInt(constructed.group(1));
                if (constructed.group(3) != null) {
                    fixed.put(key, new Code(status, constructed.group(3)));
                } else {
                    statusOf.put(key, status);
                }
            } else {
                Matcher delegated = DELEGATED.matcher(m.group(4));
                if (!delegated.matches()) {
                    throw new IllegalStateException("cannot read what ApiError." + key + " answers: " + m.group(4));
                }
                delegating.put(key, m.group(4));
            }
        }
        delegating.forEach((key, call) -> {
            Code code = answered(call, fixed, statusOf);
            if (code == null) {
                throw new IllegalStateException("cannot read what ApiError." + key + " answers: " + call);
            }
            fixed.put(key, code);
        });
    }

    private static void callsIn(Path file, Map<String, Code> fixed, Map<String, Integer> statusOf, List<Site> found) {
        String source = read(file);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            return;
        }
        String className = pkg.group(1) + "." + file.getFileName().toString().replace(".java", "");
        if (className.equals(ApiError.class.getName())) {
            return;
        }
        Matcher call = CALL.matcher(source);
        while (call.find()) {
            String arguments = argumentsFrom(source, call.end());
            Code code = answered(call.group(1) + "(" + arguments + ")", fixed, statusOf);
            if (code == null) {
                throw new IllegalStateException(file + ": ApiError." + call.group(1) + "(" + arguments
                        + ") answers no code this test can read; give the code as a literal");
            }
            found.add(new Site(code, className));
        }
    }

    /** What a call {@code name(arguments)} of a factory answers, or null. */
    private static Code answered(String call, Map<String, Code> fixed, Map<String, Integer> statusOf) {
        Matcher m = DELEGATED.matcher(call);
        if (!m.matches()) {
            return null;
        }
        String key = m.group(1) + "/" + arguments(m.group(2));
        if (fixed.containsKey(key)) {
            return fixed.get(key);
        }
        Matcher literal = CODE_LITERAL.matcher(m.group(2));
        if (statusOf.containsKey(key) && literal.lookingAt()) {
            return new Code(statusOf.get(key), literal.group(1));
        }
        return null;
    }

    /** How many arguments a parameter or argument list holds, counting only its top-level commas. */
    private static int arguments(String list) {
        if (list.isBlank()) {
            return 0;
        }
        int count = 1;
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '<' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == '>' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }

    /** The text of the argument list that starts at {@code start} (just after its opening parenthesis). */
    private static String argumentsFrom(String source, int start) {
        int depth = 1;
        boolean quoted = false;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return source.substring(start, i).trim();
            }
        }
        throw new IllegalStateException("an unclosed call at " + start);
    }

    /** The top-level classes of dev.orginvites a handler class reaches through its dependencies, itself included. */
    private static Set<String> reachedFrom(String handlerClass) {
        JavaClasses all = classes();
        Set<String> seen = new HashSet<>();
        Deque<JavaClass> todo = new ArrayDeque<>(List.of(all.get(handlerClass)));
        while (!todo.isEmpty()) {
            JavaClass next = todo.pop();
            if (!seen.add(next.getName())) {
                continue;
            }
            for (Dependency dependency : next.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (target.getName().startsWith("dev.orginvites.") && all.contain(target.getName())
                        && !seen.contains(target.getName())) {
                    todo.push(all.get(target.getName()));
                }
            }
        }
        Set<String> topLevel = new HashSet<>();
        for (String name : seen) {
            topLevel.add(name.contains("$") ? name.substring(0, name.indexOf('$')) : name);
        }
        return topLevel;
    }

    private static synchronized JavaClasses classes() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(location -> !location.contains("-tests.jar"))
                    .importPackages("dev.orginvites");
        }
        return classes;
    }

    private static Path sourceOf(Path root, Class<?> type) {
        return root.resolve("shared/src/main/java").resolve(type.getName().replace('.', '/') + ".java");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
