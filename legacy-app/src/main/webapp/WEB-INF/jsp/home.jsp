<%@ page contentType="text/html;charset=UTF-8" %>
<html><head><title>Home</title></head><body>
<%@ include file="header.jspf" %>
<a href="<%= response.encodeURL(request.getContextPath() + "/catalog") %>">Catalog</a>
<a href="<%= response.encodeURL(request.getContextPath() + "/cart") %>">Cart</a>
</body></html>
