package dev.poofbg.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Direct access to the gateway's test database, to set up rows the way the service would. */
public final class GatewayDb {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/poof_gateway_test";

    private GatewayDb() {
    }

    public static void insertJob(String id, String accountId, String status, Instant createdAt) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into jobs (id, account_id, status, source, image_url, credits_used, created_at, updated_at)"
                             + " values (?, ?, ?, 'url', 'https://example.com/a.jpg', 1, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, accountId);
            insert.setString(3, status);
            insert.setTimestamp(4, Timestamp.from(createdAt));
            insert.setTimestamp(5, Timestamp.from(createdAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL with poof_gateway_test is required (deploy/local/infra.sh start)", e);
        }
    }

    /** A due webhook delivery of a job, as a finishing job queues it; returns its id (the webhook-id). */
    public static String insertWebhookDelivery(String accountId, String jobId, String endpointId, String url) {
        String id = "msg_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into webhook_deliveries (id, account_id, job_id, endpoint_id, url, event_type, state,"
                             + " next_attempt_at, created_at) values (?, ?, ?, ?, ?, 'job.completed', 'pending', now(), now())")) {
            insert.setString(1, id);
            insert.setString(2, accountId);
            insert.setString(3, jobId);
            insert.setString(4, endpointId);
            insert.setString(5, url);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** An idempotency key row as a gateway that died while accepting its job leaves it. */
    public static void insertIdempotencyKey(String accountId, String key, String fingerprint, String jobId,
                                            Instant createdAt) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into idempotency_keys (account_id, key, fingerprint, job_id, state, created_at)"
                             + " values (?, ?, ?, ?, 'accepting', ?)")) {
            insert.setString(1, accountId);
            insert.setString(2, key);
            insert.setString(3, fingerprint);
            insert.setString(4, jobId);
            insert.setTimestamp(5, Timestamp.from(createdAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a job's creation and last change {@code age} into the past, as if it had waited that long. */
    public static void age(String id, java.time.Duration age) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement update = connection.prepareStatement(
                     "update jobs set created_at = created_at - ?::interval, updated_at = updated_at - ?::interval"
                             + " where id = ?")) {
            update.setString(1, age.toSeconds() + " seconds");
            update.setString(2, age.toSeconds() + " seconds");
            update.setString(3, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How often the job was published, as the jobs table counts it. */
    public static int dispatchCount(String id) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement query = connection.prepareStatement("select dispatch_count from jobs where id = ?")) {
            query.setString(1, id);
            var rows = query.executeQuery();
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void deleteJob(String id) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement delete = connection.prepareStatement("delete from jobs where id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long countJobs(String accountId) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement count = connection.prepareStatement("select count(*) from jobs where account_id = ?")) {
            count.setString(1, accountId);
            var rows = count.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account's jobs as "id status credits_used", oldest first. */
    public static java.util.List<String> jobsOf(String accountId) {
        try (Connection connection = DriverManager.getConnection(URL, "poof_gateway", "poof_gateway_local");
             PreparedStatement query = connection.prepareStatement(
                     "select id, status, credits_used from jobs where account_id = ? order by created_at")) {
            query.setString(1, accountId);
            var rows = query.executeQuery();
            java.util.List<String> jobs = new java.util.ArrayList<>();
            while (rows.next()) {
                jobs.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getInt(3));
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
