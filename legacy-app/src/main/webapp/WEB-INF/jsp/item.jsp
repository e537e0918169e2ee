<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<html><head><title>${item.name}</title></head><body>
<%@ include file="header.jspf" %>
<h1>${item.name}</h1><p>Price: ${item.price}</p>
</body></html>
