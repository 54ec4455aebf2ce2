package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.common.billing.LedgerPage;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the usage ledger. */
@ApplicationScoped
public class LedgerService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    @WithSession
    public Uni<LedgerPage> page(String accountId, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "limit must be from 1 to " + MAX_LIMIT + " and offset at least 0"));
        }
        var query = LedgerEntry.<LedgerEntry>find("accountId", Sort.descending("id"), accountId);
        return Account.findById(accountId)
                .onItem().ifNull().failWith(AccountLocks::notFound)
                .chain(account -> query.count())
                .chain(total -> query.range(offset, offset + limit - 1).list()
                        .map(entries -> new LedgerPage(entries.stream().map(LedgerView::entry).toList(), limit, offset,
                                total)));
    }
}
