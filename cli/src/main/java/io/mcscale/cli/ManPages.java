package io.mcscale.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes one troff man page per command ({@code mcscale.1}, {@code mcscale-simulate.1},
 * {@code mcscale-cost-estimate.1}, ...) from the same picocli model that answers {@code --help},
 * so the pages cannot drift from the commands. Run at build time by the cli pom. picocli-codegen's
 * ManPageGenerator writes AsciiDoc, which needs Asciidoctor (Ruby) to become a man page; troff
 * straight from the model needs nothing on the build or the target machine.
 */
public final class ManPages {
    private ManPages() {
    }

    /** {@code ManPages OUTPUT_DIR}: writes the pages into OUTPUT_DIR/man1. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
        }
        Path dir = Files.createDirectories(Path.of(args[0]).resolve("man1"));
        CommandLine root = Main.commandLine();
        String version = String.join(" ", root.getCommandSpec().version());
        for (CommandSpec spec : allCommands(root.getCommandSpec())) {
            Files.writeString(dir.resolve(pageName(spec) + ".1"), render(spec, version), StandardCharsets.UTF_8);
        }
    }

    /** The command and every subcommand below it, depth first. */
    static List<CommandSpec> allCommands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!all.contains(sub.getCommandSpec()) && !sub.getCommandSpec().usageMessage().hidden()) {
                all.addAll(allCommands(sub.getCommandSpec()));
            }
        }
        return all.stream().distinct().toList();
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String render(CommandSpec spec, String version) {
        var page = new StringBuilder();
        String name = pageName(spec);
        String summary = spec.usageMessage().description().length == 0 ? "" : spec.usageMessage().description()[0];
        page.append(".TH ").append(escape(name.toUpperCase(Locale.ROOT))).append(" 1 \"\" \"")
                .append(escape(version)).append("\" \"mcscale manual\"\n");
        page.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary)).append('\n');

        var help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        page.append(".SH SYNOPSIS\n.nf\n").append(escape(help.synopsis(0).strip())).append("\n.fi\n");

        String[] description = spec.usageMessage().description();
        if (description.length > 1) {
            page.append(".SH DESCRIPTION\n");
            // One element is one line in --help; an indented one (an example, a table row) keeps its spacing.
            for (String line : description) {
                page.append(line.startsWith(" ") ? ".nf\n" + escape(line) + "\n.fi\n" : escape(line) + "\n.br\n");
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                String label = option.arity().max() > 0 ? "=\\fI" + escape(option.paramLabel()) + "\\fR" : "";
                page.append(".TP\n\\fB").append(escape(String.join(", ", option.names()))).append("\\fR").append(label).append('\n');
                page.append(escape(describe(option))).append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (var parameter : spec.positionalParameters()) {
                if (!parameter.hidden()) {
                    page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
                            .append(escape(describe(parameter))).append('\n');
                }
            }
        }
        if (!spec.subcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct().forEach(sub -> {
                String[] lines = sub.usageMessage().description();
                page.append(".TP\n\\fB").append(escape(sub.name())).append("\\fR\n")
                        .append(escape(lines.length == 0 ? "" : lines[0]))
                        .append(" See \\fB").append(escape(pageName(sub))).append("\\fR(1).\n");
            });
        }
        page.append(".SH EXIT STATUS\n0 success, 1 failure, 2 bad usage (the message names the option) or not yet built.\n");
        if (spec.parent() != null) {
            page.append(".SH SEE ALSO\n\\fB").append(escape(pageName(spec.parent()))).append("\\fR(1)\n");
        }
        return page.toString();
    }

    private static String describe(ArgSpec arg) {
        String text = String.join(" ", arg.description());
        String defaultValue = arg.defaultValueString();
        return text.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue)
                .replace("${COMPLETION-CANDIDATES}", candidates(arg));
    }

    private static String candidates(ArgSpec arg) {
        var values = new ArrayList<String>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(values::add);
        }
        return String.join(", ", values);
    }

    /** troff: a backslash is \e, a hyphen \-, and a line may not begin with a control character. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.lines().map(line -> line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line)
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
