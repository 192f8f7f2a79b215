package dev.orginvites.admin;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.DirectoryOrg;
import dev.orginvites.shared.store.DirectoryRules;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code ./org-invites-admin}: the directory (an org's roles, name and invite quota) managed from the command line,
 * with the store's own {@link Directory} and its rules ({@link DirectoryRules}), on the local API's emulator or a
 * deployed table; and the members' address index filled in for memberships made before it ({@code members index}).
 *
 * <p>Output is one line per fact, fields separated by a tab (names hold no tab or newline: the rules refuse control
 * characters), so it can be read by {@code cut}, {@code awk} or a loop. Errors go to stderr as
 * {@code org-invites-admin: <what is wrong>}, with an exit code that says which kind: {@value #OK} done,
 * {@value #FAILED} the table could not be used (not found, no credentials or region, unreachable), {@value #USAGE}
 * the command line is wrong (an unknown command or option, a missing one, an id that is no UUID, a name that is
 * blank, too long or holds a control character), {@value #NOT_FOUND} the org has no such role, or nothing in the
 * directory.
 */
@Command(name = "org-invites-admin", subcommands = {AdminCommand.Roles.class, AdminCommand.Orgs.class,
        AdminCommand.Members.class, CommandLine.HelpCommand.class},
        description = {"Manages the directory of an org-invites table: each org's roles (which invitations grant) "
                + "and its name; and indexes the addresses of members who joined before the email filter.", "",
                "Runs against the table named by --table (or TABLE_NAME): on the DynamoDB endpoint --endpoint (or "
                        + "DYNAMODB_ENDPOINT) names, such as the local API's emulator; without one, on AWS, with the "
                        + "default credentials and region (AWS_PROFILE, AWS_REGION, ~/.aws, ...)."},
        footer = {"", "Exit codes: 0 done, 1 the table could not be used, 2 the command line is wrong (unknown "
                + "option, invalid id or name), 3 no such role, or the org is not in the directory."})
public final class AdminCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final String NAME = "org-invites-admin";
    /** The region an endpoint override is used in unless --region says otherwise: the local API's emulator's. */
    static final String EMULATOR_REGION = "us-east-1";

    private final Map<String, String> env;
    private final PrintStream out;
    private final Function<TableSettings, Store> stores;

    @Spec
    CommandSpec spec;

    @Mixin
    Help help;

    AdminCommand(Map<String, String> env, PrintStream out, Function<TableSettings, Store> stores) {
        this.env = env;
        this.out = out;
        this.stores = stores;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs one command line; returns its exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, DynamoTable::fromSettings);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            Function<TableSettings, Store> stores) {
        CommandLine command = new CommandLine(new AdminCommand(env, out, stores));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        command.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Refusal refusal) {
                err.println(NAME + ": " + refusal.getMessage());
                return refusal.exitCode;
            }
            if (e instanceof IllegalArgumentException) {
                err.println(NAME + ": " + e.getMessage());
                return USAGE;
            }
            if (e instanceof ResourceNotFoundException) {
                err.println(NAME + ": the table was not found (check --table, and --endpoint or --region): "
                        + e.getMessage());
                return FAILED;
            }
            if (e instanceof SdkException) {
                err.println(NAME + ": DynamoDB could not be used: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return command.execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command: role, org or members");
    }

    /** A refusal with the exit code that says its kind. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Refusal(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** {@code -h}/{@code --help} on every command. */
    static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
        boolean help;
    }

    /** Which table, where: the options every command that reads or writes takes. */
    static final class Target {
        @Option(names = "--table", paramLabel = "TABLE",
                description = "The table (env TABLE_NAME); deployed: the stack's TableName output.")
        String table;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "A DynamoDB endpoint, such as the local API's emulator (env DYNAMODB_ENDPOINT); "
                        + "without one, AWS's, with the default credentials chain.")
        String endpoint;

        @Option(names = "--region", paramLabel = "REGION",
                description = "The table's region. Default: with --endpoint, " + EMULATOR_REGION
                        + " (the local API's); else the default chain (AWS_REGION, the profile's).")
        String region;

        /** The table's settings, from the options and then the environment. */
        TableSettings settings(Map<String, String> env) {
            String tableName = table != null ? table : env.get("TABLE_NAME");
            if (tableName == null || tableName.isBlank()) {
                throw new Refusal(USAGE, "no table: give --table TABLE or set TABLE_NAME");
            }
            String url = endpoint != null ? endpoint : blankToNull(env.get("DYNAMODB_ENDPOINT"));
            URI uri = url == null ? null : endpoint(url);
            String tableRegion = region;
            if (tableRegion == null && uri != null) {
                tableRegion = EMULATOR_REGION;
            }
            if (tableRegion == null) {
                try {
                    tableRegion = new DefaultAwsRegionProviderChain().getRegion().id();
                } catch (SdkException e) {
                    throw new Refusal(FAILED, "no AWS region: give --region or set AWS_REGION (" + e.getMessage()
                            + ")");
                }
            }
            if (uri != null && System.getProperty("aws.accessKeyId") == null
                    && blankToNull(env.get("AWS_ACCESS_KEY_ID")) == null) {
                // An emulator takes any credentials; a real endpoint named with --endpoint still gets the chain's.
                System.setProperty("aws.accessKeyId", "local");
                System.setProperty("aws.secretAccessKey", "local");
            }
            return new TableSettings(tableName.strip(), tableRegion, uri, TableSettings.DEFAULT_INVITE_TTL);
        }

        private static URI endpoint(String url) {
            try {
                URI uri = URI.create(url.strip());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            throw new Refusal(USAGE, "the endpoint must be an http(s) URL, such as http://127.0.0.1:4566");
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** What a command that works on the table needs: the root's environment, output and store. */
    abstract static class TableCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Mixin
        Target target;

        AdminCommand root() {
            return (AdminCommand) spec.root().userObject();
        }

        PrintStream out() {
            return root().out;
        }

        /** The store on the table, once the arguments are checked (so a refusal never needs a table). */
        Store store() {
            AdminCommand root = root();
            return root.stores.apply(target.settings(root.env));
        }

        Directory directory() {
            return store().directory();
        }

        static String orgId(String id) {
            return checked("--org", () -> DirectoryRules.id("org id", id));
        }

        static String roleId(String id) {
            return checked("--role", () -> DirectoryRules.id("role id", id));
        }

        static String name(String what, String name) {
            return checked("--name", () -> DirectoryRules.name(what, name));
        }

        private static String checked(String option, java.util.function.Supplier<String> check) {
            try {
                return check.get();
            } catch (IllegalArgumentException e) {
                throw new Refusal(USAGE, option + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "role", description = "Puts, lists and removes an org's roles.",
            subcommands = {PutRole.class, ListRoles.class, RemoveRole.class})
    static final class Roles implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "Missing a command: put, list or remove");
        }
    }

    @Command(name = "put", description = {"Adds a role to an org, or renames it. Prints:",
            "  role<TAB>ROLE<TAB>NAME", "",
            "Invitations and memberships made before a rename keep the name they were made with."})
    static final class PutRole extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role's id (a UUID).")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The role's name: trimmed, 1 to " + DirectoryRules.MAX_NAME_LENGTH
                        + " characters, no control characters.")
        String name;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            String roleId = roleId(role);
            String roleName = name("role name", name);
            directory().putRole(orgId, roleId, roleName);
            out().println("role\t" + roleId + "\t" + roleName);
            return OK;
        }
    }

    @Command(name = "list", description = {"Lists an org's roles in id order, one a line:",
            "  role<TAB>ROLE<TAB>NAME", "", "An org with no roles prints nothing."})
    static final class ListRoles extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            for (Role role : directory().roles(orgId)) {
                out().println("role\t" + role.id() + "\t" + role.name());
            }
            return OK;
        }
    }

    @Command(name = "remove", description = {"Removes a role from an org. Prints:", "  removed<TAB>ROLE", "",
            "Pending invitations and memberships that grant it keep it (its id and the name they copied); new "
                    + "invitations naming it are refused with 400, as for any unknown role. A role the org does not "
                    + "have is refused (exit 3)."})
    static final class RemoveRole extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role's id (a UUID).")
        String role;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            String roleId = roleId(role);
            if (!directory().removeRole(orgId, roleId)) {
                throw new Refusal(NOT_FOUND, "org " + orgId + " has no role " + roleId);
            }
            out().println("removed\t" + roleId);
            return OK;
        }
    }

    @Command(name = "org", description = "Names an org, sets its invite quota and shows what the directory holds "
            + "about it.", subcommands = {NameOrg.class, SetQuota.class, ShowOrg.class})
    static final class Orgs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "Missing a command: name, quota or show");
        }
    }

    @Command(name = "name", description = {"Names an org, or renames it. Prints:", "  org<TAB>ORG",
            "  name<TAB>NAME"})
    static final class NameOrg extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The org's name: trimmed, 1 to " + DirectoryRules.MAX_NAME_LENGTH
                        + " characters, no control characters.")
        String name;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            String orgName = name("org name", name);
            directory().nameOrg(orgId, orgName);
            out().println("org\t" + orgId);
            out().println("name\t" + orgName);
            return OK;
        }
    }

    @Command(name = "quota", description = {"Sets how many invitation emails (creates and resends) an org may send in "
            + "any rolling 24 hours, in place of the table's default (InviteQuota, INVITE_QUOTA), or with --default "
            + "gives it back the default. Prints:",
            "  org<TAB>ORG", "  invites_per_day<TAB>N      (or <TAB>default)", "",
            "Sends already counted stay counted: a lower limit refuses sends until enough of them are 24 hours old."})
    static final class SetQuota extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Option(names = "--invites-per-day", paramLabel = "N",
                description = "1 to " + InviteQuota.MAX + ": each create and resend reads and writes the times of "
                        + "the org's last N sends, so the bound keeps what they cost bounded.")
        Integer invitesPerDay;

        @Option(names = "--default", description = "Removes the org's own limit: the table's default applies again.")
        boolean toDefault;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            if (toDefault == (invitesPerDay != null)) {
                throw new Refusal(USAGE, "give one of --invites-per-day N and --default");
            }
            if (toDefault) {
                directory().clearInviteQuota(orgId);
                out().println("org\t" + orgId);
                out().println("invites_per_day\tdefault");
                return OK;
            }
            try {
                InviteQuota.check(invitesPerDay);
            } catch (IllegalArgumentException e) {
                throw new Refusal(USAGE, "--invites-per-day: " + e.getMessage());
            }
            directory().setInviteQuota(orgId, invitesPerDay);
            out().println("org\t" + orgId);
            out().println("invites_per_day\t" + invitesPerDay);
            return OK;
        }
    }

    @Command(name = "show", description = {"Shows an org's name (if it has one), roles and own invite quota (if it "
            + "has one):", "  org<TAB>ORG", "  name<TAB>NAME", "  invites_per_day<TAB>N",
            "  role<TAB>ROLE<TAB>NAME   (one a role, in id order)", "",
            "An org with no name, no role and no quota of its own is not in the directory (exit 3)."})
    static final class ShowOrg extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            DirectoryOrg shown = directory().org(orgId).orElseThrow(() -> new Refusal(NOT_FOUND,
                    "org " + orgId + " is not in the directory: it has no name, no roles and no quota"));
            out().println("org\t" + shown.id());
            shown.optionalName().ifPresent(name -> out().println("name\t" + name));
            if (shown.invitesPerDay() != null) {
                out().println("invites_per_day\t" + shown.invitesPerDay());
            }
            for (Role role : shown.roles()) {
                out().println("role\t" + role.id() + "\t" + role.name());
            }
            return OK;
        }
    }

    @Command(name = "members", description = "Works on an org's members.", subcommands = {IndexMembers.class})
    static final class Members implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "Missing a command: index");
        }
    }

    @Command(name = "index", description = {"Indexes the addresses of an org's members who joined before the "
            + "members list's email filter existed, so the filter finds them. Prints:", "  indexed<TAB>ORG<TAB>COUNT",
            "", "COUNT is how many members' entries were written. Reads all the org's members once; run it once per "
                    + "org after deploying the filter. Running it again writes nothing; members who join after the "
                    + "deploy are indexed as they join."})
    static final class IndexMembers extends TableCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org's id (a UUID).")
        String org;

        @Override
        public Integer call() {
            String orgId = orgId(org);
            int written = store().memberships().indexEmails(orgId);
            out().println("indexed\t" + orgId + "\t" + written);
            return OK;
        }
    }
}
