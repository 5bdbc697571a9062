package com.opscenter.platform.boundary;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Errors the web container raises before a request reaches JAX-RS (a path with encoded {@code ..} or
 * {@code /}, an unknown path) get the same {@code {"detail": "..."}} body as every other error, instead of the
 * container's HTML page. Mapped as the error page in web.xml.
 */
@WebServlet("/error")
public class ErrorPage extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        var detail = status == 404
                ? "Not found"
                : status == 400 ? "Bad request: the path is malformed or not allowed" : ErrorDetails.defaultFor(status);
        write(response, status, detail);
    }

    /** An error in the API's shape, for answers given outside JAX-RS and its exception mappers. */
    static void write(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder().add("detail", detail).build().toString());
    }
}
