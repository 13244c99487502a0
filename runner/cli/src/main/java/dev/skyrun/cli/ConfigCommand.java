package dev.skyrun.cli;

import dev.skyrun.spec.ConfigValue;
import dev.skyrun.spec.SkyrunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun config [SPEC]}: every effective setting and the layer it came from. */
@Command(
        name = "config",
        description = {"Show each effective setting and where it came from.",
            "Layers, later ones winning: $SKYRUN_HOME/config.yaml (~/.skyrun/config.yaml), the project's .skyrun.yaml"
                    + " (the nearest from this directory up to the git root), the spec's config:, the environment"
                    + " (SKYRUN_CATALOG_DIR, SKYRUN_<CLOUD>_<KEY>) and --config KEY=VALUE. Keys are catalog and"
                    + " CLOUD.KEY (schemas/config.schema.json). Credentials are shown as ****."},
        footer = {"  skyrun config", "  skyrun config examples/gpu-task.yaml -o json",
            "  skyrun config --config aws.region=us-west-2",
            "",
            "~/.skyrun/config.yaml:",
            "  catalog: /srv/catalogs/v8",
            "  aws: {region: us-east-1, bucket: acme-runs}",
            "  gcp: {project: acme-ml, bucket: acme-runs-gcs}"})
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "A spec whose config: applies.")
    Path spec;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A setting that overrides every layer; repeatable.")
    List<String> overrides;

    /** One setting as {@code skyrun config} shows it. */
    record Setting(String key, String value, String layer, String origin) {}

    /** Every effective setting, by key. */
    record ConfigView(List<Setting> settings) {}

    @Override
    public Integer call() {
        Map<String, String> env = output.context().env();
        SkyrunConfig config = SkyrunConfig.resolve(SkyrunConfig.home(env), Path.of("").toAbsolutePath(), env,
                Optional.ofNullable(spec), KeyValues.parse("--config", overrides, output.context().env()));
        List<Setting> settings = new ArrayList<>();
        for (ConfigValue v : config.values().values()) {
            settings.add(new Setting(v.key(), v.secret() ? "****" : v.value(), v.layer().name().toLowerCase(Locale.ROOT), v.origin()));
        }
        output.print(output.out(), new ConfigView(settings), ConfigCommand::text);
        return ExitCode.OK;
    }

    private static void text(java.io.PrintWriter out, ConfigView view) {
        if (view.settings().isEmpty()) {
            out.println("no settings: skyrun uses its defaults (see skyrun config --help for the files it reads)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "VALUE", "FROM", "WHERE"});
        view.settings().forEach(s -> rows.add(new String[] {s.key(), s.value(), s.layer(), s.origin()}));
        Table.print(out, rows);
    }
}
