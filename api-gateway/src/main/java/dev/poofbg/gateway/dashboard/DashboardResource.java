package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.JobIds;
import dev.poofbg.common.billing.ApiKeyDetails;
import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.image.ImageSniffer;
import dev.poofbg.common.image.ImageType;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.gateway.billing.DashboardBilling;
import dev.poofbg.gateway.jobs.Job;
import dev.poofbg.gateway.jobs.JobReader;
import dev.poofbg.gateway.jobs.JobRepository;
import dev.poofbg.gateway.jobs.Submission;
import dev.poofbg.gateway.removal.InputConfig;
import dev.poofbg.gateway.removal.RemovalService;
import dev.poofbg.gateway.removal.UploadValidator;
import dev.poofbg.gateway.access.RateLimiter;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.storage.ObjectStorage;
import dev.poofbg.gateway.storage.StorageException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static dev.poofbg.gateway.dashboard.PageResponses.errorPage;
import static dev.poofbg.gateway.dashboard.PageResponses.forbidden;
import static dev.poofbg.gateway.dashboard.PageResponses.notFound;
import static dev.poofbg.gateway.dashboard.PageResponses.redirect;
import static dev.poofbg.gateway.dashboard.PageResponses.render;

/**
 * The customer's dashboard: sign-up and sign-in, the overview, API keys, jobs, the try page, billing and the password.
 * Every page needs a live session (else it redirects to sign-in); every form that changes something carries the
 * session's CSRF token (sign-in and sign-up carry a double-submit token instead). Another account's key or job is
 * answered as if it did not exist.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    static final String CSRF_FIELD = "csrf_token";
    private static final Logger LOG = Logger.getLogger(DashboardResource.class);
        private static final URI HOME = URI.create("/dashboard");
    /** How long the try page waits for its job before showing the job's own page (which refreshes until done). */
    private static final Duration TRY_WAIT = Duration.ofSeconds(20);

    private final DashboardSessions sessions;
    private final DashboardBilling billing;
    private final SignInThrottle throttle;
    private final JobStatistics statistics;
    private final JobRepository jobs;
    private final JobReader reader;
    private final ObjectStorage storage;
    private final RemovalService removals;
    private final UploadValidator uploads;
    private final RateLimiter limiter;
    private final InputConfig input;
    private final DashboardConfig config;
    private final Vertx vertx;

    public DashboardResource(DashboardSessions sessions, DashboardBilling billing, SignInThrottle throttle,
                             JobStatistics statistics, JobRepository jobs, JobReader reader, ObjectStorage storage,
                             RemovalService removals, UploadValidator uploads, RateLimiter limiter, InputConfig input,
                             DashboardConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.billing = billing;
        this.throttle = throttle;
        this.statistics = statistics;
        this.jobs = jobs;
        this.reader = reader;
        this.storage = storage;
        this.removals = removals;
        this.uploads = uploads;
        this.limiter = limiter;
        this.input = input;
        this.config = config;
        this.vertx = vertx;
    }

    // ---- sign-up, sign-in, sign-out

    @GET
    @Path("/signup")
    public Uni<Response> signupForm(@RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.current(cookie).map(signedIn -> signedIn != null ? redirect(HOME)
                : withFormToken(token -> Pages.signup(new Views.Form(token, "", null)), 200));
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signup(@RestForm(CSRF_FIELD) String csrf, @RestForm String email, @RestForm String password,
                                @RestCookie(DashboardSessions.FORM_COOKIE) String formCookie, HttpServerRequest request) {
        if (!formTokenMatches(formCookie, csrf)) {
            return Uni.createFrom().item(forbidden(null));
        }
        String typed = email == null ? "" : email.strip();
        List<SignInThrottle.Limit> limits = List.of(throttle.signupsFrom(address(request)), throttle.signupsFor(typed));
        return throttle.attempt(limits).chain(blocked -> {
            if (!blocked.isZero()) {
                return Uni.createFrom().item(render(Pages.signup(new Views.Form(csrf, typed, tryAgain(blocked))), 429));
            }
            return billing.signUp(typed, password == null ? "" : password)
                    .chain(sessions::open)
                    .map(opened -> redirect(HOME, sessions.sessionCookie(opened.cookieValue())))
                    .onFailure(DashboardResource::isRefusal).recoverWithItem(failure ->
                            render(Pages.signup(new Views.Form(csrf, typed, failure.getMessage())), 400));
        });
    }

    @GET
    @Path("/login")
    public Uni<Response> loginForm(@RestQuery("signed_out") String signedOut,
                                   @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        String notice = signedOut != null ? "You have signed out." : null;
        return sessions.current(cookie).map(signedIn -> signedIn != null ? redirect(HOME)
                : withFormToken(token -> Pages.login(new Views.Form(token, "", null), notice), 200));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@RestForm(CSRF_FIELD) String csrf, @RestForm String email, @RestForm String password,
                               @RestCookie(DashboardSessions.FORM_COOKIE) String formCookie, HttpServerRequest request) {
        if (!formTokenMatches(formCookie, csrf)) {
            return Uni.createFrom().item(forbidden(null));
        }
        String typed = email == null ? "" : email.strip();
        SignInThrottle.Limit perEmail = throttle.failedLoginsFor(typed);
        SignInThrottle.Limit perAddress = throttle.failedLoginsFrom(address(request));
        return throttle.attempt(List.of(perEmail, perAddress)).chain(blocked -> {
            if (!blocked.isZero()) {
                return Uni.createFrom().item(render(Pages.login(new Views.Form(csrf, typed, tryAgain(blocked)), null), 429));
            }
            return billing.authenticate(typed, password == null ? "" : password)
                    .chain(user -> {
                        if (user.accountSuspended()) {
                            return Uni.createFrom().item(render(Pages.login(new Views.Form(csrf, typed,
                                    "This account is suspended. Contact support to have it reinstated."), null), 403));
                        }
                        return throttle.succeeded(perEmail, perAddress).chain(() -> sessions.open(user))
                                .map(opened -> redirect(HOME, sessions.sessionCookie(opened.cookieValue())));
                    })
                    .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.UNAUTHORIZED)
                    .recoverWithItem(failure -> render(Pages.login(
                            new Views.Form(csrf, typed, "Wrong e-mail address or password."), null), 401));
        });
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(@RestForm(CSRF_FIELD) String csrf,
                                @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.current(cookie).chain(signedIn -> {
            if (signedIn == null) {
                return Uni.createFrom().item(redirect(DashboardSessions.LOGIN, sessions.expiredSessionCookie()));
            }
            if (!signedIn.csrfMatches(csrf)) {
                return Uni.createFrom().item(forbidden(signedIn));
            }
            return sessions.end(signedIn).replaceWith(redirect(URI.create("/dashboard/login?signed_out"),
                    sessions.expiredSessionCookie()));
        });
    }

    // ---- overview

    @GET
    public Uni<Response> overview(@RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> Uni.combine().all()
                .unis(billing.account(signedIn.accountId()), statistics.dailyUsage(signedIn.accountId()))
                .with((account, days) -> render(Pages.overview(Views.Chrome.of(signedIn, "overview"), account,
                        Views.UsageChart.of(days)), 200)));
    }

    // ---- keys

    @GET
    @Path("/keys")
    public Uni<Response> keys(@RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> keysPage(signedIn, null, null, 200));
    }

    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createKey(@RestForm(CSRF_FIELD) String csrf, @RestForm String name,
                                   @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.form(cookie, csrf, signedIn -> billing.createKey(signedIn.accountId(), name)
                .chain(created -> keysPage(signedIn, created, null, 201))
                .onFailure(DashboardResource::isRefusal)
                .recoverWithUni(failure -> keysPage(signedIn, null, failure.getMessage(), 400)));
    }

    private Uni<Response> keysPage(SignedIn signedIn, ApiKeyDetails.Created created, String error, int status) {
        return billing.keys(signedIn.accountId()).map(keys -> {
            List<ApiKeyDetails> newestFirst = new java.util.ArrayList<>(keys);
            java.util.Collections.reverse(newestFirst);
            return render(Pages.keys(Views.Chrome.of(signedIn, "keys"), newestFirst, created, error,
                    keys.stream().filter(ApiKeyDetails::active).count(), ApiKeyDetails.MAX_ACTIVE_PER_ACCOUNT), status);
        });
    }

    @GET
    @Path("/keys/{keyId}/revoke")
    public Uni<Response> confirmRevoke(@RestPath String keyId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> billing.keys(signedIn.accountId()).map(keys -> keys.stream()
                .filter(key -> key.id().equals(keyId) && key.active()).findFirst()
                .map(key -> render(Pages.revokeKey(Views.Chrome.of(signedIn, "keys"), key), 200))
                .orElseGet(() -> notFound(signedIn))));
    }

    @POST
    @Path("/keys/{keyId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@RestPath String keyId, @RestForm(CSRF_FIELD) String csrf,
                                @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.form(cookie, csrf, signedIn -> billing.revokeKey(signedIn.accountId(), keyId)
                .replaceWith(redirect(URI.create("/dashboard/keys")))
                .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                .recoverWithItem(() -> notFound(signedIn)));
    }

    // ---- jobs

    @GET
    @Path("/jobs")
    public Uni<Response> jobs(@RestQuery String page, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        int number = pageNumber(page);
        int size = config.pageSize();
        return sessions.page(cookie, signedIn -> jobs.page(signedIn.accountId(), size + 1, (number - 1) * size)
                .map(found -> render(Pages.jobs(Views.Chrome.of(signedIn, "jobs"),
                        found.stream().limit(size).map(Views.JobRow::of).toList(),
                        new Views.Pager(number, number > 1, found.size() > size)), 200)));
    }

    @GET
    @Path("/jobs/{jobId}")
    public Uni<Response> job(@RestPath String jobId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        // Only jobs from the try page keep a copy of their upload.
        return sessions.page(cookie, signedIn -> ownJob(signedIn, jobId).chain(job -> (job.inputKey == null
                ? Uni.createFrom().item(false) : storage.exists(ObjectKeys.original(job.accountId, job.id)))
                .map(hasOriginal -> {
                    Response page = render(Pages.job(Views.Chrome.of(signedIn, "jobs"), Views.JobRow.of(job),
                            hasOriginal), 200);
                    return job.status.isTerminal() ? page : Response.fromResponse(page).header("Refresh", "2").build();
                })));
    }

    @GET
    @Path("/jobs/{jobId}/thumbnail")
    @Produces("image/png")
    public Uni<Response> thumbnail(@RestPath String jobId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return image(cookie, jobId, job -> ObjectKeys.thumbnail(job.accountId, job.id), job -> "image/png");
    }

    @GET
    @Path("/jobs/{jobId}/result")
    @Produces("*/*")
    public Uni<Response> result(@RestPath String jobId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return image(cookie, jobId, DashboardResource::ownResult, job -> job.outputOptions().format().mediaType());
    }

    @GET
    @Path("/jobs/{jobId}/original")
    @Produces("*/*")
    public Uni<Response> original(@RestPath String jobId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return image(cookie, jobId, job -> job.inputKey == null ? null : ObjectKeys.original(job.accountId, job.id), null);
    }

    /** The result as a download: a fresh signed link to it. */
    @GET
    @Path("/jobs/{jobId}/download")
    public Uni<Response> download(@RestPath String jobId, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> ownJob(signedIn, jobId).map(DashboardResource::ownResult)
                .map(key -> key == null ? notFound(signedIn) : redirect(URI.create(storage.presignGet(key)))));
    }

    private Uni<Response> image(String cookie, String jobId, Function<Job, String> key,
                                Function<Job, String> contentType) {
        return sessions.page(cookie, signedIn -> ownJob(signedIn, jobId).chain(job -> {
            String objectKey = job.status == dev.poofbg.common.events.JobStatus.COMPLETED ? key.apply(job) : null;
            if (objectKey == null) {
                return Uni.createFrom().item(notFound(signedIn));
            }
            return storage.read(objectKey)
                    .map(bytes -> Response.ok(bytes, contentType != null ? contentType.apply(job)
                                    : ImageSniffer.detect(bytes).map(ImageType::mediaType).orElse("application/octet-stream"))
                            .header("Cache-Control", "private, max-age=3600")
                            .header("X-Content-Type-Options", "nosniff").build())
                    .onFailure().recoverWithItem(failure -> {
                        LOG.debugf("No %s for job %s: %s", objectKey, job.id, failure.getMessage());
                        return Response.status(404).build();
                    });
        }));
    }

    /** The job's result key, only if it lies under the job's own account, whatever an event named. */
    private static String ownResult(Job job) {
        return ObjectKeys.isResultOf(job.resultKey, job.accountId) ? job.resultKey : null;
    }

    /** The account's own job; any other id is not found, whoever owns it. */
    private Uni<Job> ownJob(SignedIn signedIn, String jobId) {
        if (!JobIds.isWellFormed(jobId)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.NOT_FOUND, "No such job"));
        }
        return reader.find(jobId).map(job -> {
            if (job == null || !job.accountId.equals(signedIn.accountId())) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No such job");
            }
            return job;
        });
    }

    // ---- try

    @GET
    @Path("/try")
    public Uni<Response> tryForm(@RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> Uni.createFrom().item(render(Pages.tryIt(Views.Chrome.of(signedIn, "try"), null,
                input.maxFileBytes()), 200)));
    }

    /** An ordinary job: the same checks, credit and rate limit as the API; its page shows the original and the cut-out. */
    @POST
    @Path("/try")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> tryIt(@RestForm(CSRF_FIELD) String csrf, @RestForm(UploadValidator.FIELD) FileUpload file,
                               @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.form(cookie, csrf, signedIn -> {
            if (file == null || file.uploadedFile() == null) {
                return Uni.createFrom().item(tryError(signedIn, "Choose an image to upload.", 400));
            }
            String jobId = JobIds.newId();
            String accountId = signedIn.accountId();
            return billing.account(accountId)
                    .chain(account -> limiter.acquire(accountId, account.rateLimit().requestsPerMinute()))
                    .chain(decision -> {
                        if (!decision.allowed()) {
                            throw new ApiException(ErrorCode.RATE_LIMITED, "Your plan allows " + decision.limit()
                                    + " images a minute: try again in " + decision.retryAfterSeconds() + " s.");
                        }
                        return vertx.executeBlocking(Uni.createFrom().item(() ->
                                uploads.validate(file.uploadedFile(), file.size())), false);
                    })
                    .call(upload -> storage.putFile(ObjectKeys.original(accountId, jobId), upload.file(),
                            upload.header().type().mediaType())
                            .onFailure(StorageException.class).transform(failure -> new ApiException(
                                    ErrorCode.SERVICE_UNAVAILABLE, "Storage is temporarily unavailable, retry shortly")))
                    .chain(upload -> removals.submit(jobId, accountId,
                            new Submission(upload, OutputOptions.DEFAULT, null), TRY_WAIT)
                            // Not submitted: the copy serves no job (best effort; the refusal is what the page shows).
                            .onFailure().call(() -> storage.delete(ObjectKeys.original(accountId, jobId))
                                    .onFailure().recoverWithNull()))
                    .map(outcome -> redirect(URI.create("/dashboard/jobs/" + jobId)))
                    .onFailure(ApiException.class).recoverWithItem(failure -> {
                        ApiException refusal = (ApiException) failure;
                        return tryError(signedIn, refusal.getMessage(), refusal.code().httpStatus());
                    });
        });
    }

    private Response tryError(SignedIn signedIn, String message, int status) {
        return render(Pages.tryIt(Views.Chrome.of(signedIn, "try"), message, input.maxFileBytes()), status);
    }

    // ---- billing and password

    @GET
    @Path("/billing")
    public Uni<Response> billing(@RestQuery String page, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        int number = pageNumber(page);
        int size = config.pageSize();
        return sessions.page(cookie, signedIn -> Uni.combine().all()
                .unis(billing.account(signedIn.accountId()), billing.plans(),
                        billing.ledger(signedIn.accountId(), size, (number - 1) * size))
                .with((account, plans, ledger) -> render(Pages.billing(Views.Chrome.of(signedIn, "billing"), account,
                        plans, ledger, new Views.Pager(number, number > 1, (long) number * size < ledger.total())), 200)));
    }

    @GET
    @Path("/password")
    public Uni<Response> passwordForm(@RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.page(cookie, signedIn -> Uni.createFrom().item(render(Pages.password(
                Views.Chrome.of(signedIn, "password"), null, null), 200)));
    }

    /** A new password ends every other session of the user; this one goes on under a new id. */
    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> changePassword(@RestForm(CSRF_FIELD) String csrf, @RestForm("current_password") String current,
                                        @RestForm("new_password") String next,
                                        @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.form(cookie, csrf, signedIn -> {
            // A stolen session must not become a way to guess the password: the same throttle as signing in.
            SignInThrottle.Limit perEmail = throttle.failedLoginsFor(signedIn.user().email());
            return throttle.attempt(List.of(perEmail)).chain(blocked -> !blocked.isZero()
                    ? Uni.createFrom().item(render(Pages.password(Views.Chrome.of(signedIn, "password"),
                            tryAgain(blocked), null), 429))
                    : billing.changePassword(signedIn.user().id(), current, next)
                            .call(() -> throttle.succeeded(perEmail, null))
                            .chain(user -> sessions.open(user)
                                    .call(opened -> sessions.endAllBut(user.id(), opened.session())))
                            .map(opened -> Response.fromResponse(render(Pages.password(new Views.Chrome(
                                            signedIn.user().email(), signedIn.user().operator(),
                                            opened.session().csrfToken(), "password"), null,
                                            "Password changed. Your other sessions have ended."), 200))
                                    .cookie(sessions.sessionCookie(opened.cookieValue())).build())
                            .onFailure(DashboardResource::isRefusal).recoverWithItem(failure -> render(Pages.password(
                                    Views.Chrome.of(signedIn, "password"), failure.getMessage(), null), 400)));
        });
    }

    // ---- shared

    private Response withFormToken(Function<String, TemplateInstance> form, int status) {
        String token = SessionStore.randomToken();
        return Response.fromResponse(render(form.apply(token), status)).cookie(sessions.formCookie(token)).build();
    }

    private static boolean formTokenMatches(String cookie, String field) {
        return cookie != null && field != null && java.security.MessageDigest.isEqual(
                cookie.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What billing refused because of what the person typed: shown on the form, not as an error page. */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof ApiException api && (api.code() == ErrorCode.INVALID_REQUEST
                || api.code() == ErrorCode.UNAUTHORIZED);
    }

    private static String tryAgain(Duration blocked) {
        long minutes = Math.max(1, (blocked.toSeconds() + 59) / 60);
        return "Too many attempts. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    static int pageNumber(String page) {
        try {
            int number = page == null ? 1 : Integer.parseInt(page);
            return number < 1 || number > 100_000 ? 1 : number;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @ServerExceptionMapper
    public Response unexpected(ApiException failure) {
        return errorPage(null, failure);
    }
}
