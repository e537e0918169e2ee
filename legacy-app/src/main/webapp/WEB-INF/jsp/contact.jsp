<%@ page contentType="text/html;charset=UTF-8" %>
<html><head><title>Contact</title></head><body>
<%@ include file="header.jspf" %>
<form method="post" action="contact"><input type="hidden" name="token" value="${token}"><textarea name="text"></textarea></form>
</body></html>
