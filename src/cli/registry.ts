// The explicit oclif command registry (package.json oclif.commands). One line per command.
// Command modules stay light: heavy imports (client-node, ink, analyses) happen inside run().
export const COMMANDS = {
};
