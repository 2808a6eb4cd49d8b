import markupsafe
import requests
from st2common.runners.base_action import Action


class HttpApi(Action):
    """Calls the configured service like an Exchange pack's client: session, auth header, JSON."""

    def run(self, path):
        session = requests.Session()
        session.headers.update({"Authorization": "Bearer " + self.config["token"]})
        response = session.get(self.config["api_url"].rstrip("/") + "/" + path, timeout=10)
        response.raise_for_status()
        self.logger.info("fetched %s", markupsafe.escape(response.url))
        return response.json()
