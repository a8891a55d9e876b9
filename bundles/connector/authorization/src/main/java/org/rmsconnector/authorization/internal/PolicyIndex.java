package org.rmsconnector.authorization.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of the authorized-servers list, with every entry's name parsed once, and the decision on it.
 *
 * <p>Which entry decides, when several match a caller:
 * <ol>
 * <li>an account or computer entry matching the account as authenticated;</li>
 * <li>else an account or computer entry matching one of the other names the directory gives the account (its
 * sAMAccountName or user principal name) — provided the directory entry is the caller's: one of its names must match
 * the account as authenticated, so {@code alice@fabrikam.com} does not borrow the groups of {@code alice} in
 * {@code contoso.com};</li>
 * <li>else a group entry for a group the account belongs to, the nearest group first: a group the account is a direct
 * member of before a group that contains such a group, and so on.</li>
 * </ol>
 * Between entries of the same rank: an entry that names its domain before one that does not, then the entry's text
 * in case-insensitive alphabetical order, then the role with the least privilege first (SharePoint, FCI, then
 * Exchange, whose role is a super user). The outcome therefore depends neither on the order of the list nor on the
 * order the directory returns groups in.
 */
final class PolicyIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyIndex.class);

    /** An entry of the list and its parsed name. */
    record Entry(AuthorizedServer server, AccountName name) {
    }

    /**
     * A matching entry and how it matched, for the log.
     *
     * @param rank 0 the account itself, 1 a directory alias, 1 + n a group at nesting depth n
     */
    record Match(Entry entry, int rank, String via) {
    }

    private static final Comparator<Entry> TIE_BREAK = Comparator
            .comparing((Entry e) -> !e.name().hasDomain())
            .thenComparing(e -> e.server().account().trim().toLowerCase(Locale.ROOT))
            .thenComparing(e -> e.server().role() == Workload.EXCHANGE ? 1 : 0)
            .thenComparing(e -> e.server().role().ordinal());

    private final AuthorizationPolicy policy;
    private final List<Entry> direct = new ArrayList<>();
    private final List<Entry> groups = new ArrayList<>();

    PolicyIndex(AuthorizationPolicy policy) {
        this.policy = policy;
        for (AuthorizedServer server : policy.entries()) {
            AccountName name;
            try {
                name = AccountName.ofEntry(server);
            } catch (IllegalArgumentException e) {
                LOG.warn("authorized-servers list version {}: entry '{}' ({}) is ignored: {}", policy.version(),
                        server.account(), server.kind(), e.getMessage());
                continue;
            }
            (server.kind() == AuthorizedServer.Kind.GROUP ? groups : direct).add(new Entry(server, name));
        }
    }

    AuthorizationPolicy policy() {
        return policy;
    }

    long version() {
        return policy.version();
    }

    /**
     * The decision. It is complete at once when an entry names the account itself (or none can match); otherwise it
     * completes when the directory has given the account's names and groups.
     *
     * @param membership asked only when no entry names the account itself
     * @param netbiosAliases NetBIOS domain → DNS domain
     */
    CompletionStage<Optional<Match>> decide(String account, Function<String, CompletionStage<Membership>> membership,
            Map<String, String> netbiosAliases) {
        AccountName caller;
        try {
            caller = AccountName.parse(account);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<Entry> own = best(direct, caller, netbiosAliases);
        if (own.isPresent()) {
            return CompletableFuture.completedFuture(Optional.of(new Match(own.get(), 0, "account")));
        }
        if (direct.isEmpty() && groups.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return membership.apply(account).thenApply(known -> byDirectory(account, caller, known, netbiosAliases));
    }

    /** Steps 2 and 3: the other names the directory gives the account, then its groups, nearest first. */
    private Optional<Match> byDirectory(String account, AccountName caller, Membership known,
            Map<String, String> netbiosAliases) {
        if (!known.aliases().isEmpty() && known.aliases().stream().map(PolicyIndex::parse).flatMap(Optional::stream)
                .noneMatch(alias -> alias.matches(caller, netbiosAliases))) {
            // the account filter found an entry by its bare name, but in another domain than the caller's
            LOG.warn("the directory entry found for {} is named {}, which is not the same account; its names and groups"
                    + " are not used", account, known.aliases());
            return Optional.empty();
        }
        List<Entry> byAlias = new ArrayList<>();
        for (String alias : known.aliases()) {
            parse(alias).ifPresent(name -> matching(direct, name, netbiosAliases, byAlias));
        }
        if (!byAlias.isEmpty()) {
            return Optional.of(new Match(byAlias.stream().min(TIE_BREAK).orElseThrow(), 1, "directory name"));
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        for (int depth : known.groups().stream().mapToInt(Membership.Group::depth).sorted().distinct().toArray()) {
            List<Entry> atDepth = new ArrayList<>();
            for (Membership.Group group : known.groups()) {
                if (group.depth() != depth) {
                    continue;
                }
                for (String name : group.names()) {
                    parse(name).ifPresent(n -> matching(groups, n, netbiosAliases, atDepth));
                }
            }
            if (!atDepth.isEmpty()) {
                return Optional.of(new Match(atDepth.stream().min(TIE_BREAK).orElseThrow(), 1 + depth,
                        "group membership at depth " + depth));
            }
        }
        return Optional.empty();
    }

    private static Optional<Entry> best(List<Entry> entries, AccountName name, Map<String, String> aliases) {
        List<Entry> found = new ArrayList<>();
        matching(entries, name, aliases, found);
        return found.stream().min(TIE_BREAK);
    }

    private static void matching(List<Entry> entries, AccountName name, Map<String, String> aliases,
            List<Entry> sink) {
        for (Entry e : entries) {
            if (e.name().matches(name, aliases) && !sink.contains(e)) {
                sink.add(e);
            }
        }
    }

    private static Optional<AccountName> parse(String text) {
        try {
            return Optional.of(AccountName.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
