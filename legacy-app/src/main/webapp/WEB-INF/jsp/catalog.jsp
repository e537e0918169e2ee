<%@ page contentType="text/html;charset=UTF-8" %>
<html><head><title>Catalog</title><link rel="stylesheet" href="static/site.css"></head><body>
<%@ include file="header.jspf" %>
<h1>${greeting}</h1>
<ul>
<% for (Object o : (java.util.List<?>) request.getAttribute("items")) {
     io.github.viewcache.legacy.Catalog.Item item = (io.github.viewcache.legacy.Catalog.Item) o; %>
  <li><a href="item?id=<%= item.getId() %>"><%= item.getName() %></a> <%= item.getPrice() %></li>
<% } %>
</ul>
</body></html>
