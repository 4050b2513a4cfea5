import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from "axios"

/** Headers for one caller: a publishable key (store), a bearer token, or both. */
export type CallerHeaders = Record<string, string>

/**
 * Requests that resolve whatever the status, so a test asserts the exact status and body of an
 * error instead of catching axios' rejection.
 */
export function httpClient(api: AxiosInstance) {
  const config = (headers: CallerHeaders): AxiosRequestConfig => ({
    headers,
    validateStatus: () => true,
  })
  return {
    get: (url: string, headers: CallerHeaders): Promise<AxiosResponse> =>
      api.get(url, config(headers)),
    post: (url: string, body: unknown, headers: CallerHeaders): Promise<AxiosResponse> =>
      api.post(url, body, config(headers)),
    delete: (url: string, headers: CallerHeaders): Promise<AxiosResponse> =>
      api.delete(url, config(headers)),
  }
}

export type HttpClient = ReturnType<typeof httpClient>

/** Fails with the response body in the message, which is what one needs to read in CI. */
export function expectOk(response: AxiosResponse, status = 200): AxiosResponse {
  if (response.status !== status) {
    throw new Error(
      `${response.config.method?.toUpperCase()} ${response.config.url} -> ${response.status} ` +
        `(expected ${status}): ${JSON.stringify(response.data)}`
    )
  }
  return response
}
