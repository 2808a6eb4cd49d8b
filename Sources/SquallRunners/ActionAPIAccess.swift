/// What st2's actions container gives a running action so `st2client` inside it reaches the API
/// (st2actions/container/base.py `_create_auth_token`; the Python runner's
/// `_get_datastore_access_env_vars`, the base runner's `_get_common_action_env_variables`): the
/// API's URL and a token of the execution's own, valid while it runs.
public struct ActionAPIAccess: Sendable {
    /// `http://127.0.0.1:9101`: squall serves `/api/v1`, `/auth/v1` and `/stream/v1` on one listener.
    public var baseURL: String
    public var token: String

    public init(baseURL: String, token: String) {
        self.baseURL = baseURL; self.token = token
    }

    /// st2 sets the API URL and token (both spellings); the auth and stream URLs are set too, as
    /// st2client's `Client()` otherwise guesses st2's own ports 9100 and 9102 from the API URL.
    public var environment: [String: String] {
        let api = baseURL + "/api/v1"
        return ["ST2_API_URL": api, "ST2_ACTION_API_URL": api, "ST2_AUTH_URL": baseURL + "/auth/v1",
                "ST2_STREAM_URL": baseURL + "/stream/v1", "ST2_AUTH_TOKEN": token, "ST2_ACTION_AUTH_TOKEN": token]
    }
}
