import type { ISlashCommand } from 'apps-engine-runtime/definition/slashcommands';
import { CommandBridge } from 'apps-engine-runtime/server/bridges/CommandBridge';

interface RegisteredCommand {
    command: ISlashCommand;
    appId: string;
    enabled: boolean;
}

/** Rocket.Chat's in-memory slash command registry (lost on a server restart). */
export class SimCommandBridge extends CommandBridge {
    private readonly commands = new Map<string, RegisteredCommand>();

    isEnabled(command: string): boolean {
        return this.commands.get(command.toLowerCase())?.enabled === true;
    }

    registered(): string[] {
        return [...this.commands.keys()];
    }

    clear(): void {
        this.commands.clear();
    }

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.commands.has(command.toLowerCase());
    }

    protected async enableCommand(command: string): Promise<void> {
        this.require(command).enabled = true;
    }

    protected async disableCommand(command: string): Promise<void> {
        this.require(command).enabled = false;
    }

    protected async modifyCommand(command: ISlashCommand): Promise<void> {
        this.require(command.command).command = command;
    }

    protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.commands.set(command.command.toLowerCase(), { command, appId, enabled: true });
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.commands.delete(command.toLowerCase());
    }

    private require(command: string): RegisteredCommand {
        const found = this.commands.get(command.toLowerCase());
        if (!found) {
            throw new Error(`command /${command} is not registered`);
        }
        return found;
    }
}
