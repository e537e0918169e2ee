<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<html><head><title>Not found</title></head><body>
<%@ include file="header.jspf" %>
<p class="error">${message}</p>
</body></html>
