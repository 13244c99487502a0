package dev.skyrun.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an agent serves: only requests of its own context, and only the commands it runs. */
class AgentContextTest {

    private final Map<String, String> env = Map.of("SKYRUN_HOME", "/h", "HF_TOKEN", "a$(b)'c\nd", "PWD", "/x", "_", "/bin/x");
    private final AgentContext agent = new AgentContext("build 1", "/work", AgentAddress.stable(env), "alice",
            CloudRegistry.of(List.of(), env));

    @Test
    void aRequestSurvivesTheWireByteForByte() throws Exception {
        AgentProtocol.Request r = request(env, "/work", List.of("launch", "t.yaml", "--secret", "K=\u00e9\n'\"$()"));

        AgentProtocol.Request back = AgentProtocol.Request.decode(r.encode());

        assertThat(back).isEqualTo(r);
    }

    @Test
    void servesItsOwnContextWhateverTheShellChangesOnItsOwn() {
        Map<String, String> moved = new java.util.HashMap<>(env);
        moved.put("PWD", "/elsewhere");
        moved.put("SHLVL", "3");

        assertThat(agent.refusal(request(moved, "/work", List.of("launch", "t.yaml")), Optional.of("alice"))).isEmpty();
        assertThat(agent.refusal(request(env, "/work", List.of("-q", "launch", "t.yaml")), Optional.empty())).isEmpty();
    }

    @Test
    void refusesAnotherEnvironmentDirectoryBuildUserOrCommand() {
        Map<String, String> otherToken = new java.util.HashMap<>(env);
        otherToken.put("HF_TOKEN", "zz-secret-zz");

        assertThat(agent.refusal(request(otherToken, "/work", List.of("launch")), Optional.empty()))
                .hasValueSatisfying(why -> assertThat(why).contains("environment").doesNotContain("zz-secret-zz"));
        assertThat(agent.refusal(request(env, "/tmp", List.of("launch")), Optional.empty())).get().asString().contains("directory");
        assertThat(agent.refusal(new AgentProtocol.Request(AgentProtocol.VERSION, "build 2", "/work", env, List.of("launch")),
                Optional.empty())).get().asString().contains("build");
        assertThat(agent.refusal(request(env, "/work", List.of("launch")), Optional.of("mallory"))).get().asString()
                .contains("another user");
        assertThat(agent.refusal(request(env, "/work", List.of("agent", "stop")), Optional.empty())).get().asString()
                .contains("skyrun agent runs in a process of its own");
        assertThat(agent.refusal(request(env, "/work", List.of("down", "--all")), Optional.empty()))
                .as("every other command is served").isEmpty();
    }

    @Test
    void contextsDifferingInAnythingButTheShellsOwnVariablesHaveDifferentAddresses() {
        Map<String, String> shell = new java.util.HashMap<>(env);
        shell.put("OLDPWD", "/y");
        Map<String, String> token = new java.util.HashMap<>(env);
        token.put("HF_TOKEN", "other");

        String id = AgentAddress.of(env, "/work", "b").orElseThrow().id();

        assertThat(AgentAddress.of(shell, "/work", "b").orElseThrow().id()).isEqualTo(id);
        assertThat(AgentAddress.of(token, "/work", "b").orElseThrow().id()).isNotEqualTo(id);
        assertThat(AgentAddress.of(env, "/work2", "b").orElseThrow().id()).isNotEqualTo(id);
        assertThat(AgentAddress.of(env, "/work", "c").orElseThrow().id()).isNotEqualTo(id);
        assertThat(AgentAddress.of(Map.of("SKYRUN_HOME", "/" + "d".repeat(100)), "/work", "b")).as("socket path too long")
                .isEmpty();
    }

    private static AgentProtocol.Request request(Map<String, String> env, String cwd, List<String> args) {
        return new AgentProtocol.Request(AgentProtocol.VERSION, "build 1", cwd, env, args);
    }
}
