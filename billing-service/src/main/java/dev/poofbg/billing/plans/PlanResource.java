package dev.poofbg.billing.plans;

import dev.poofbg.common.billing.PlanDetails;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;

/** The plans' terms, for operators and for the dashboard's plans table. */
@Path("/admin/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    private static final PlanDetails.Page PLANS = new PlanDetails.Page(Arrays.stream(Plan.values())
            .map(plan -> new PlanDetails(plan.id(), plan.requestsPerMinute(), plan.monthlyQuota(), plan.oneTimeGrant(),
                    plan.unlimited()))
            .toList());

    @GET
    public PlanDetails.Page plans() {
        return PLANS;
    }

    /** The same table under the internal token. */
    @Path("/internal/v1/plans")
    @Produces(MediaType.APPLICATION_JSON)
    public static class ForDashboard {

        @GET
        public PlanDetails.Page plans() {
            return PLANS;
        }
    }
}
