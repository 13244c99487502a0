package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Renders a {@link GpuView} as a plain, aligned table (no colours). */
final class GpuText {
    private GpuText() {}

    static void render(PrintWriter out, GpuView view) {
        out.println("catalog: " + view.catalog());
        String price = view.spot() ? "SPOT $/H" : "$/H";
        List<String[]> rows = new ArrayList<>();
        boolean free = view.rows().stream().anyMatch(r -> r.free().isPresent());
        List<String> head = new ArrayList<>(view.accelerator().isEmpty()
                ? List.of("ACCELERATOR", "CLOUD", "COUNTS", "CHEAPEST", "VCPUS", "MEM GIB", price, "WHERE")
                : List.of("ACCELERATOR", "CLOUD", "COUNT", "INSTANCE", "VCPUS", "MEM GIB", price, "CHEAPEST IN", "PLACES"));
        if (free) {
            head.add("FREE");
        }
        rows.add(head.toArray(String[]::new));
        for (GpuView.Row r : view.rows()) {
            List<String> cells = new ArrayList<>(List.of(r.accelerator(), r.cloud(), r.counts(), r.instanceType(),
                    r.vcpus() > 0 ? GpuView.number(r.vcpus()) : "-", r.memoryGib() > 0 ? GpuView.number(r.memoryGib()) : "-", PlanText.money(r.price()), r.where()));
            r.places().ifPresent(p -> cells.add(Integer.toString(p)));
            if (free) {
                cells.add(r.free().orElse("-"));
            }
            rows.add(cells.toArray(String[]::new));
        }
        if (view.rows().isEmpty()) {
            out.println("no offers match" + view.accelerator().map(a -> " " + a).orElse(""));
            out.flush();
            return;
        }
        Table.print(out, rows, Set.of(4, 5, 6));
        out.flush();
    }
}
