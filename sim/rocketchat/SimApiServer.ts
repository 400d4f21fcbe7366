import * as http from 'http';
import type { AddressInfo } from 'net';

import type { Express } from 'express';

/** The app endpoints' Express application on a real port of 127.0.0.1, as Rocket.Chat serves them. */
export class SimApiServer {
    private constructor(private readonly server: http.Server, readonly url: string) {}

    /** port 0 picks a free port. */
    static async listen(application: Express, port: number): Promise<SimApiServer> {
        const server = http.createServer(application);
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, '127.0.0.1', () => {
                server.off('error', reject);
                resolve();
            });
        });
        return new SimApiServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }

    close(): Promise<void> {
        return new Promise((resolve) => {
            // Node 18.2+ has it; the project's @types/node does not declare it.
            (this.server as { closeAllConnections?: () => void }).closeAllConnections?.();
            this.server.close(() => resolve());
        });
    }
}
