<%@ page contentType="text/html;charset=UTF-8" %>
<html><head><title>Cart</title></head><body>
<%@ include file="header.jspf" %>
<% if (request.getAttribute("added") != null) { %><p class="flash">Added ${added}</p><% } %>
<p>Cart: ${empty cart ? 'empty' : cart}</p>
</body></html>
