package dev.skyrun.cli;

import dev.skyrun.cli.agent.AgentAddress;
import dev.skyrun.cli.agent.AgentFiles;
import dev.skyrun.schema.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun agent list|stop}: the resident agents that serve skyrun's commands for this home
 * (one per environment, directory and build; each exits after its idle time).
 */
@Command(
        name = "agent",
        description = {"List or stop the resident skyrun agents of this home.",
            "Agents are JVMs that run skyrun's commands for the thin client bin/skyrun starts (one per environment,"
                    + " directory and build; each exits after SKYRUN_AGENT_IDLE_SECONDS, default 900, without a"
                    + " client); validate and plan use one but never start one. SKYRUN_AGENT=off runs every command in its own JVM."},
        footer = {"  skyrun agent list", "  skyrun agent list -o json", "  skyrun agent stop                # all of this home's agents",
            "  skyrun agent stop 3f2a1c9e0b7d   # one, by the id list shows",
            "", "Stopping an agent interrupts the launches it runs, as Ctrl-C would (they exit 130)."})
final class AgentCommand implements Callable<Integer> {

    /** What to do. */
    enum Action { list, stop }

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list or stop.")
    Action action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "stop only this agent.")
    String id;

    /** The agents as {@code -o json} shows them. */
    record AgentList(List<AgentFiles.Agent> agents) {}

    @Override
    public Integer call() throws Exception {
        Path dir = AgentAddress.agentsDir(output.context().env());
        List<AgentFiles.Agent> agents = AgentFiles.list(dir);
        if (id != null) {
            agents = agents.stream().filter(a -> a.id().equals(id)).toList();
            if (agents.isEmpty()) {
                throw new InvalidInputException("no agent '" + id + "' in " + dir + "; skyrun agent list shows them");
            }
        }
        if (action == Action.list) {
            output.print(output.out(), new AgentList(agents), (w, v) -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "PID", "STATE", "STARTED", "DIRECTORY"});
                for (AgentFiles.Agent a : v.agents()) {
                    rows.add(new String[] {a.id(), Long.toString(a.pid()), a.serving() ? "serving" : "gone", a.started(), a.cwd()});
                }
                if (v.agents().isEmpty()) {
                    w.println("No agents in " + dir);
                } else {
                    Table.print(w, rows);
                }
            });
            return ExitCode.OK;
        }
        List<AgentFiles.Agent> stopped = new ArrayList<>();
        for (AgentFiles.Agent a : agents) {
            if (AgentFiles.stop(dir, a, Duration.ofSeconds(Interrupts.STOP_WAIT_SECONDS + 10))) {
                stopped.add(a);
            }
        }
        output.print(output.out(), new AgentList(stopped), (w, v) -> w.println(v.agents().isEmpty()
                ? "No agent was serving" : "Stopped " + v.agents().size() + " agent(s): "
                        + String.join(", ", v.agents().stream().map(AgentFiles.Agent::id).toList())));
        return ExitCode.OK;
    }
}
