package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.billing.ApiKeyDetails;
import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.billing.LedgerPage;
import dev.poofbg.common.billing.PlanDetails;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The dashboard's pages (templates/dashboard), checked against these parameters at build time. */
@CheckedTemplate(basePath = "dashboard")
final class Pages {

    private Pages() {
    }

    static native TemplateInstance signup(Views.Form form);

    static native TemplateInstance login(Views.Form form, String notice);

    static native TemplateInstance overview(Views.Chrome chrome, AccountDetails account, Views.UsageChart chart);

    static native TemplateInstance keys(Views.Chrome chrome, List<ApiKeyDetails> keys, ApiKeyDetails.Created created,
                                        String error, long active, int maxKeys);

    static native TemplateInstance revokeKey(Views.Chrome chrome, ApiKeyDetails key);

    static native TemplateInstance jobs(Views.Chrome chrome, List<Views.JobRow> jobs, Views.Pager pager);

    static native TemplateInstance job(Views.Chrome chrome, Views.JobRow job, boolean hasOriginal);

    static native TemplateInstance tryIt(Views.Chrome chrome, String error, long maxBytes);

    static native TemplateInstance billing(Views.Chrome chrome, AccountDetails account, List<PlanDetails> plans,
                                           LedgerPage ledger, Views.Pager pager);

    static native TemplateInstance password(Views.Chrome chrome, String error, String notice);

    static native TemplateInstance admin(Views.Chrome chrome, String query, List<AccountDetails> accounts,
                                         JobStatistics.Platform platform);

    static native TemplateInstance adminAccount(Views.Chrome chrome, AccountDetails account, List<ApiKeyDetails> keys,
                                                List<DashboardUser> users, List<PlanDetails> plans, String notice,
                                                String error);

    static native TemplateInstance error(Views.Chrome chrome, int status, String title, String message);
}
