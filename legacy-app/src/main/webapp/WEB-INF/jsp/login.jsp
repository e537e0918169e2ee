<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<html><head><title>Sign in</title></head><body>
<%@ include file="header.jspf" %>
<form method="post" action="login"><input name="user"><button>Sign in</button></form>
</body></html>
