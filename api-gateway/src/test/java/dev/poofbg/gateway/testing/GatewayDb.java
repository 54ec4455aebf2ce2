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
