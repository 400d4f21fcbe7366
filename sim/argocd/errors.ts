/**
 * Error answers as the Argo CD API server writes them: gRPC status errors go through
 * grpc-gateway as `{"error","code","message"}`; a few HTTP-level answers (415, unknown route)
 * come from Go's http.Error as plain text with a trailing newline.
 */

export const GrpcCode = {
    Unknown: 2,
    InvalidArgument: 3,
    DeadlineExceeded: 4,
    NotFound: 5,
    PermissionDenied: 7,
    ResourceExhausted: 8,
    FailedPrecondition: 9,
    Internal: 13,
    Unavailable: 14,
    Unauthenticated: 16,
} as const;

const HTTP_BY_CODE: Record<number, number> = {
    2: 500,
    3: 400,
    4: 504,
    5: 404,
    7: 403,
    8: 429,
    9: 400,
    13: 500,
    14: 503,
    16: 401,
};

export function httpStatusOf(code: number): number {
    return HTTP_BY_CODE[code] ?? 500;
}

/** The gRPC code Argo CD would most plausibly have behind an HTTP status. */
export function grpcCodeOf(status: number): number {
    const found = Object.entries(HTTP_BY_CODE).find(([, http]) => http === status);
    return found ? Number(found[0]) : GrpcCode.Unknown;
}

export class ApiError extends Error {
    constructor(readonly code: number, message: string) {
        super(message);
    }
    get status(): number {
        return httpStatusOf(this.code);
    }
    body(): string {
        return JSON.stringify({ error: this.message, code: this.code, message: this.message });
    }
}

export const permissionDenied = (): ApiError => new ApiError(GrpcCode.PermissionDenied, 'permission denied');

/** The Kubernetes NotFound text Argo CD wraps in a gRPC NotFound. */
export const appNotFound = (name: string): ApiError =>
    new ApiError(GrpcCode.NotFound, `applications.argoproj.io "${name}" not found`);

/** What Go's http.Error writes. */
export interface PlainAnswer {
    status: number;
    text: string;
}
export const invalidContentType: PlainAnswer = { status: 415, text: 'Invalid content type\n' };
export const notFoundPlain: PlainAnswer = { status: 404, text: 'Not Found\n' };
/** Go's http.NotFound, for paths outside the root path. */
export const goNotFound: PlainAnswer = { status: 404, text: '404 page not found\n' };
