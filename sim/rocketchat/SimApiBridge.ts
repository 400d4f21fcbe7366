import express from 'express';
import type { IApiRequest, IApiResponse } from 'apps-engine-runtime/definition/api';
import { ApiBridge } from 'apps-engine-runtime/server/bridges/ApiBridge';
import type { AppApi } from 'apps-engine-runtime/server/managers/AppApi';

/** Hands one parsed request to the engine (its ApiManager), as Rocket.Chat's orchestrator does. */
export type ApiExecutor = (appId: string, endpointPath: string, request: IApiRequest) => Promise<IApiResponse>;

type RequestWithHash = express.Request & { privateHash?: string };

/**
 * Rocket.Chat's router for app endpoints: one Express router per app, each endpoint an `all` route.
 * Rocket.Chat: apps/meteor/app/apps/server/bridges/api.ts (routers, the executor) and router.ts (mounts, body parsers).
 * Its authentication middleware (endpoints with authRequired) is not reproduced: no one logs in to the sim.
 */
export class SimApiBridge extends ApiBridge {
    private readonly routers = new Map<string, express.Router>();
    private executor?: ApiExecutor;

    /** Set once the engine's manager exists (the bridges are made before it). */
    setExecutor(executor: ApiExecutor): void {
        this.executor = executor;
    }

    /** The Express application serving `/api/apps/{public,private}/...`, as Rocket.Chat mounts it. */
    createApplication(): express.Express {
        const app = express();
        app.disable('x-powered-by');
        // Rocket.Chat: apps/meteor/app/apps/server/bridges/router.ts — urlencoded then json, nothing else:
        // a body of any other (or no) Content-Type is never read and the app sees `content` = {}.
        app.use('/api/apps/private/:appId/:hash', express.urlencoded({ extended: false }), express.json());
        app.use('/api/apps/public/:appId', express.urlencoded({ extended: false }), express.json());
        app.use('/api/apps/private/:appId/:hash', (req: RequestWithHash, res) => {
            const router = this.routers.get(req.params.appId);
            if (!router) {
                res.sendStatus(404);
                return;
            }
            req.privateHash = req.params.hash;
            router(req, res, () => res.sendStatus(404));
        });
        app.use('/api/apps/public/:appId', (req, res) => {
            const router = this.routers.get(req.params.appId);
            if (!router) {
                res.sendStatus(404);
                return;
            }
            router(req, res, () => res.sendStatus(404));
        });
        return app;
    }

    clear(): void {
        this.routers.clear();
    }

    protected async registerApi({ endpoint }: AppApi, appId: string): Promise<void> {
        let router = this.routers.get(appId);
        if (!router) {
            router = express.Router();
            this.routers.set(appId, router);
        }
        let routePath = endpoint.path.trim();
        if (!routePath.startsWith('/')) {
            routePath = `/${routePath}`;
        }
        router.all(routePath, (req: RequestWithHash, res) => this.execute(appId, endpoint.path, req, res));
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.routers.delete(appId);
    }

    /** Rocket.Chat: bridges/api.ts `_appApiExecutor` — what the app receives, and how its answer is written. */
    private execute(appId: string, endpointPath: string, req: RequestWithHash, res: express.Response): void {
        const request: IApiRequest = {
            method: req.method.toLowerCase() as IApiRequest['method'],
            headers: req.headers as Record<string, string>,
            query: (req.query as Record<string, string>) || {},
            params: req.params || {},
            content: req.body,
            privateHash: req.privateHash,
        };
        if (!this.executor) {
            res.status(500).send('the engine is not running');
            return;
        }
        this.executor(appId, endpointPath, request)
            .then(({ status, headers = {}, content }) => {
                res.set(headers);
                res.status(status);
                res.send(content);
            })
            .catch((reason: Error) => {
                res.status(500).send(reason?.message);
            });
    }
}
