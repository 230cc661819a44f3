package io.mcscale.cli;

import io.mcscale.platform.auth.ApiKeys;
import io.mcscale.platform.auth.IssuedKey;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.User;
import io.mcscale.platform.store.JobStore;
import io.mcscale.platform.store.UserAccounts;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcscale users add|list|revoke}: the platform's users and their API keys, in the job store the platforms
 * share (the same store options as {@code mcscale platform}). A platform run with {@code --auth keys} knows users
 * only by these keys.
 */
@Command(name = "users", description = {"Manage the platform's users and their API keys (in the job store: --data-dir, or --store postgres ...).",
    "A platform with --auth keys (env PLATFORM_AUTH=keys) accepts a request only with 'Authorization: Bearer KEY' of a user here."},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Revoke.class})
final class UsersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "users: give a subcommand: add, list or revoke");
    }

    @Command(name = "add", description = {"Add a user with a new API key and print the key, once, on the last line.",
        "The store keeps only the key's SHA-256 and its first 4 characters: a lost key cannot be shown again, only replaced",
        "(users revoke NAME, then users add NAME). A revoked name may be added again; it keeps its simulations."})
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name: 1-64 letters, digits and . _ @ + - (it owns their simulations).")
        String name;

        @Option(names = "--tier", defaultValue = "free", paramLabel = "TIER",
                description = "free, pro or enterprise: weights the user's share of the workers (default ${DEFAULT-VALUE}).")
        String tier;

        @CommandLine.Mixin
        JobStoreOptions storeOptions;

        @Override
        public Integer call() {
            Tier parsed = Tier.fromWire(tier).orElseThrow(() -> new IllegalArgumentException("--tier '" + tier + "' is not a tier: use "
                    + Tier.choices()));
            User.nameProblem(name).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            IssuedKey key;
            try (JobStore store = storeOptions.open()) {
                key = store.users().add(name, parsed, Instant.now());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("added user " + name + " (tier " + parsed.wire() + ") to the job store (" + storeOptions.describe() + ").");
            out.println("Their API key follows, shown only this once: give it to them; they send it as 'Authorization: Bearer KEY'.");
            out.println(key.secret());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the users: name, tier, when added, when revoked (- while the key works), and the key's first characters.")
    static final class ListUsers implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        JobStoreOptions storeOptions;

        @Override
        public Integer call() {
            List<User> users;
            try (JobStore store = storeOptions.open()) {
                users = store.users().list();
            }
            PrintWriter out = spec.commandLine().getOut();
            String row = "%-24s %-10s %-24s %-24s %s%n";
            out.printf(row, "NAME", "TIER", "CREATED", "REVOKED", "KEY");
            for (User user : users) {
                out.printf(row, user.name(), user.tier().wire(), user.createdAt(), user.revoked() ? user.revokedAt() : "-",
                        ApiKeys.shown(user.keyPrefix()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", description = {"Revoke a user's API key: from the next request on, it gets 401 on every platform of the store.",
        "The user's simulations stay; 'users add NAME' gives them a new key."})
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user whose key to revoke.")
        String name;

        @CommandLine.Mixin
        JobStoreOptions storeOptions;

        @Override
        public Integer call() {
            UserAccounts.Revocation outcome;
            try (JobStore store = storeOptions.open()) {
                outcome = store.users().revoke(name, Instant.now());
            }
            if (outcome == UserAccounts.Revocation.NO_SUCH_USER) {
                throw new IllegalArgumentException("NAME '" + name + "' is not a user of the job store (" + storeOptions.describe()
                        + "); see the users with: mcscale users list");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(outcome == UserAccounts.Revocation.REVOKED ? "revoked the key of " + name + ": its requests now get 401"
                    : name + "'s key was already revoked");
            out.flush();
            return 0;
        }
    }
}
