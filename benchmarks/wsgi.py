"""The app the HTTP benchmark serves: the real site, plus /hello as the floor a Flask request costs on this server."""

from roadmap import create_app

app = create_app()


@app.get("/hello")
def hello() -> str:
    return "Hello"
