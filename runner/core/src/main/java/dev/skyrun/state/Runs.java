package dev.skyrun.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The runs and attempts tables of the {@link StateStore}. */
public final class Runs {

    private static final String RUN_COLUMNS = "id, name, task_id, status, spec_path, job_json, created_at, updated_at,"
            + " exit_code, reason, cancel_requested, controller_pid, left_behind";
    private static final String ATTEMPT_COLUMNS = "run_id, number, cloud, placement, cluster_name, status, started_at,"
            + " ended_at, exit_code, reason, cluster_json";

    private final Connection db;
    private final Actor actor;

    Runs(Connection db, Actor actor) {
        this.db = db;
        this.actor = actor;
    }

    /** Who the runs inserted here are recorded as started by. */
    Actor actor() {
        return actor;
    }

    /** Records a new run, started by this store's {@link Actor}. */
    public void insert(RunRecord r) {
        Sql.update(db, "INSERT INTO runs(" + RUN_COLUMNS + ", started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.name(), r.taskId(), r.status().name(), r.specPath().orElse(null), r.jobJson(),
                r.createdAt().toString(), r.updatedAt().toString(), r.exitCode().orElse(null),
                r.reason().orElse(null), r.cancelRequested() ? 1 : 0, r.controllerPid(), r.leftBehind().orElse(null),
                actor.toString());
    }

    /** Who started a run ({@code ada@build-7}), if recorded. */
    public Optional<String> startedBy(String runId) {
        return Sql.query(db, "SELECT started_by FROM runs WHERE id = ? AND started_by IS NOT NULL", rs -> rs.getString(1),
                runId).stream().findFirst();
    }

    /** Who started each run ({@code ada@build-7}), by run id; runs recorded before skyrun kept it are absent. */
    public java.util.Map<String, String> starters() {
        java.util.Map<String, String> by = new java.util.HashMap<>();
        Sql.query(db, "SELECT id, started_by FROM runs WHERE started_by IS NOT NULL", rs -> by.put(rs.getString(1),
                rs.getString(2)));
        return by;
    }

    /** Sets a run's status (and, when given, its exit code and reason). */
    public void status(String runId, RunStatus status, Optional<Integer> exitCode, Optional<String> reason) {
        String now = Instant.now().toString();
        Sql.update(db, "UPDATE runs SET status = ?, updated_at = ?, ended_at = CASE WHEN ? = 1 THEN ? ELSE ended_at END,"
                + " exit_code = COALESCE(?, exit_code), reason = COALESCE(?, reason) WHERE id = ?",
                status.name(), now, status.terminal() ? 1 : 0, now, exitCode.orElse(null), reason.orElse(null), runId);
    }

    /**
     * Marks a run TERMINATING before its resources are taken down; once its compute is verified
     * terminated ({@link #teardownDone}) it shows {@code endsAs}. A run already TERMINATING keeps the
     * status it was to end with.
     */
    public void teardownStarted(String runId, RunStatus endsAs) {
        String now = Instant.now().toString();
        Sql.update(db, "UPDATE runs SET ends_as = CASE WHEN status = ? THEN COALESCE(ends_as, ?) ELSE ? END, status = ?,"
                + " updated_at = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?", RunStatus.TERMINATING.name(), endsAs.name(),
                endsAs.name(), RunStatus.TERMINATING.name(), now, now, runId);
    }

    /**
     * Records how a teardown ended: what it left (none: the column is cleared) and, when the
     * compute is verified terminated, the status the run ends with. Otherwise it stays TERMINATING.
     */
    public void teardownDone(String runId, Optional<String> leftBehind, boolean computeGone) {
        Sql.update(db, "UPDATE runs SET left_behind = ?, updated_at = ?,"
                + " status = CASE WHEN ? = 1 AND status = ? THEN COALESCE(ends_as, status) ELSE status END,"
                + " ends_as = CASE WHEN ? = 1 AND status = ? THEN NULL ELSE ends_as END WHERE id = ?",
                leftBehind.orElse(null), Instant.now().toString(), computeGone ? 1 : 0, RunStatus.TERMINATING.name(),
                computeGone ? 1 : 0, RunStatus.TERMINATING.name(), runId);
    }

    /** Records the process driving a run. */
    public void controller(String runId, long pid) {
        Sql.update(db, "UPDATE runs SET controller_pid = ?, updated_at = ? WHERE id = ?", pid,
                Instant.now().toString(), runId);
    }

    /** Asks a run to stop; its controller (or {@code cancel} itself) acts on it. */
    public void requestCancel(String runId) {
        Sql.update(db, "UPDATE runs SET cancel_requested = 1, updated_at = ? WHERE id = ?", Instant.now().toString(),
                runId);
    }

    /**
     * Whether {@code skyrun cancel} asked the run {@code runId} to stop (a run no longer recorded
     * counts as asked): the one column a running attempt reads while it watches its job.
     */
    public boolean cancelRequested(String runId) {
        return Sql.query(db, "SELECT cancel_requested FROM runs WHERE id = ?", rs -> rs.getInt(1) == 1, runId)
                .stream().findFirst().orElse(true);
    }

    /** A run by id, or the newest run with that name. */
    public Optional<RunRecord> find(String idOrName) {
        List<RunRecord> byId = Sql.query(db, "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", Runs::run, idOrName);
        if (!byId.isEmpty()) {
            return Optional.of(byId.get(0));
        }
        return Sql.query(db, "SELECT " + RUN_COLUMNS + " FROM runs WHERE name = ? ORDER BY created_at DESC, rowid DESC"
                + " LIMIT 1", Runs::run, idOrName).stream().findFirst();
    }

    /** Every run, newest first. */
    public List<RunRecord> all() {
        return Sql.query(db, "SELECT " + RUN_COLUMNS + " FROM runs ORDER BY created_at DESC, rowid DESC", Runs::run);
    }

    /** Forgets a run and everything recorded of it. */
    public void delete(String runId) {
        Sql.update(db, "DELETE FROM events WHERE run_id = ?", runId);
        Sql.update(db, "DELETE FROM intents WHERE run_id = ?", runId);
        Sql.update(db, "DELETE FROM runs WHERE id = ?", runId);
    }

    /** Records a new attempt. */
    public void insertAttempt(AttemptRecord a) {
        Sql.update(db, "INSERT INTO attempts(" + ATTEMPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.runId(), a.number(), a.cloud(), a.placement(), a.clusterName(), a.status().name(),
                a.startedAt().toString(), a.endedAt().map(Instant::toString).orElse(null), a.exitCode().orElse(null),
                a.reason().orElse(null), a.clusterJson().orElse(null));
    }

    /** Records the cluster an attempt got. */
    public void attemptCluster(String runId, int number, String clusterJson) {
        Sql.update(db, "UPDATE attempts SET cluster_json = ? WHERE run_id = ? AND number = ?", clusterJson, runId, number);
    }

    /** Sets an attempt's status; a terminal one also records its end. */
    public void attemptStatus(String runId, int number, RunStatus status, Optional<Integer> exitCode,
            Optional<String> reason) {
        Sql.update(db, "UPDATE attempts SET status = ?, ended_at = CASE WHEN ? = 1 THEN ? ELSE ended_at END,"
                + " exit_code = COALESCE(?, exit_code), reason = COALESCE(?, reason) WHERE run_id = ? AND number = ?",
                status.name(), status.terminal() ? 1 : 0, Instant.now().toString(), exitCode.orElse(null),
                reason.orElse(null), runId, number);
    }

    /** A run's attempts, oldest first. */
    public List<AttemptRecord> attempts(String runId) {
        return Sql.query(db, "SELECT " + ATTEMPT_COLUMNS + " FROM attempts WHERE run_id = ? ORDER BY number",
                Runs::attempt, runId);
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), RunStatus.valueOf(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)), rs.getString(6), Instant.parse(rs.getString(7)),
                Instant.parse(rs.getString(8)), Sql.optInt(rs, 9), Optional.ofNullable(rs.getString(10)),
                rs.getInt(11) != 0, rs.getLong(12), Optional.ofNullable(rs.getString(13)));
    }

    private static AttemptRecord attempt(ResultSet rs) throws SQLException {
        return new AttemptRecord(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                RunStatus.valueOf(rs.getString(6)), Instant.parse(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)).map(Instant::parse), Sql.optInt(rs, 9),
                Optional.ofNullable(rs.getString(10)), Optional.ofNullable(rs.getString(11)));
    }
}
