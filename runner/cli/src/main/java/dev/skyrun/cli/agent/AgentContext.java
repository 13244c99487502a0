package dev.skyrun.cli.agent;

import dev.skyrun.cloud.CloudRegistry;
import java.util.Map;
import java.util.Optional;

/**
 * The context an agent was started in (build, working directory, environment, user): a request
 * is served only when it comes from the same, so that a command means in the agent exactly what
 * it would mean in a process of its own.
 *
 * @param build the agent's build ({@link AgentAddress#build})
 * @param cwd its working directory
 * @param env its environment without the variables the shell changes on its own
 * @param user the user it runs as
 * @param clouds the cloud plug-ins of its environment
 */
record AgentContext(String build, String cwd, Map<String, String> env, String user, CloudRegistry clouds) {

    /**
     * This process's context, with the cloud plug-ins its launches share (opened on first use,
     * kept open: the local engine's connection and event stream outlive a launch).
     */
    static AgentContext current(String agentOptions) {
        return new AgentContext(AgentAddress.build(agentOptions), System.getProperty("user.dir"),
                AgentAddress.stable(System.getenv()), System.getProperty("user.name"), CloudRegistry.load(System.getenv()));
    }

    /** Why this agent does not serve {@code request} from a peer of user {@code peer}, if it does not. */
    Optional<String> refusal(AgentProtocol.Request request, Optional<String> peer) {
        if (peer.isPresent() && !peer.get().equals(user)) {
            return Optional.of("the client runs as another user");
        }
        if (request.version() != AgentProtocol.VERSION || !request.build().equals(build)) {
            return Optional.of("the client is of another skyrun build");
        }
        if (!request.cwd().equals(cwd)) {
            return Optional.of("the client runs in another directory");
        }
        if (!AgentAddress.stable(request.env()).equals(env)) {
            return Optional.of("the client has another environment");
        }
        String command = commandOf(request);
        if (AgentConnection.NOT_SERVED.contains(command)) {
            return Optional.of("skyrun " + command + " runs in a process of its own");
        }
        return Optional.empty();
    }

    /** The command a request names: its first argument that is no option; empty for none. */
    static String commandOf(AgentProtocol.Request request) {
        return request.args().stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    }
}
